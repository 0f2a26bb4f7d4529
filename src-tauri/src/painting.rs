//! How the webviews paint. WebKitGTK paints a page with Skia on the GPU
//! through OpenGL; on a machine with no GPU that GL is Mesa's llvmpipe,
//! software imitating a GPU, and Skia painting on the CPU does the same work
//! in ~60 MB less. Measured with `tests/app/bench.sh` (no GPU, a library of
//! 10,000 clips): README.md, "Desktop app". With a GPU, WebKit's default
//! stands.

/// WebKit's switch for painting on the CPU, read by its web processes.
const CPU_PAINTING: &str = "WEBKIT_SKIA_ENABLE_CPU_RENDERING";

/// Whether this machine has a GPU a webview could draw with: a DRM render node.
fn has_gpu() -> bool {
    std::fs::read_dir("/dev/dri")
        .map(|nodes| nodes.flatten().any(|node| node.file_name().to_string_lossy().starts_with("renderD")))
        .unwrap_or(false)
}

/// Without a GPU, asks WebKit to paint on the CPU (unless the variable is
/// set either way already). WebKit reads it from the environment its web
/// processes inherit, so this runs first thing in `main`.
pub fn choose() {
    if cfg!(target_os = "linux") && std::env::var_os(CPU_PAINTING).is_none() && !has_gpu() {
        // SAFETY: called at the top of `main`, before any other thread
        // exists, so nothing reads the environment while it changes.
        #[allow(unsafe_code)]
        unsafe {
            std::env::set_var(CPU_PAINTING, "1");
        }
    }
}
