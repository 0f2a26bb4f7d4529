//! Rebuilds the crate when the viewer bundle (`ui/dist`) changes, so a release
//! build never embeds a stale page.

fn main() {
    println!("cargo:rerun-if-changed=../../ui/dist");
    println!("cargo:rerun-if-changed=build.rs");
}
