//! Tauri's build step (capabilities, the context `generate_context!` reads).
//! When the web UI has not been built yet, a placeholder page is written so
//! `cargo check`/`clippy` of the whole workspace work without Node.

fn main() {
    let dist = std::path::Path::new("../ui/dist");
    if !dist.join("index.html").exists() {
        let page = "<!doctype html><title>Afterword</title><p>The UI is not built: run <code>npm --prefix ui run build</code>.</p>";
        if std::fs::create_dir_all(dist).and_then(|()| std::fs::write(dist.join("index.html"), page)).is_err() {
            println!("cargo:warning=cannot write a placeholder ui/dist/index.html");
        }
    }
    println!("cargo:rerun-if-changed=../ui/dist");
    tauri_build::build();
}
