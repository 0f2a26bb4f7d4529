//! How the webviews paint. WebKitGTK paints a page with Skia on the GPU
//! through OpenGL; on a machine with no GPU that GL is Mesa's llvmpipe,
//! software imitating a GPU. There, two choices take ~60 MB each:
//!
//! - The web process paints with Skia on the CPU: the same work as through
//!   llvmpipe, without llvmpipe's buffers.
//! - The window's process opens no OpenGL at all. GTK (for GLX) and WebKit
//!   (for EGL) each open it at start-up, and on Mesa either loads libLLVM
//!   (43 MB resident, 53 MB with the rest of Mesa, of a 195 MB process).
//!   GTK is told not to (`GDK_GL=disable`), and libEGL (libglvnd's) is asked
//!   for its drivers once, first thing, while its list of them names none;
//!   it keeps that answer for the life of the process. The list is taken
//!   out of the environment at once, so the web processes, which need EGL,
//!   start with Mesa's. WebKit then composites nothing in the window: the
//!   web process sends it finished pictures (and takes half the CPU).
//!
//! Measured with `tests/app/bench.sh` (no GPU, a library of 10,000 clips):
//! README.md, "Desktop app". With a GPU, WebKit's defaults stand.

/// WebKit's switch for painting on the CPU, read by its web processes.
const CPU_PAINTING: &str = "WEBKIT_SKIA_ENABLE_CPU_RENDERING";
/// GTK 3's switch for its own OpenGL (`disable`: none).
const GTK_GL: &str = "GDK_GL";
/// libglvnd's list of EGL drivers (JSON files), read once per process.
const EGL_DRIVERS: &str = "__EGL_VENDOR_LIBRARY_FILENAMES";

/// Whether this machine has a GPU a webview could draw with: a DRM render node.
fn has_gpu() -> bool {
    std::fs::read_dir("/dev/dri")
        .map(|nodes| nodes.flatten().any(|node| node.file_name().to_string_lossy().starts_with("renderD")))
        .unwrap_or(false)
}

/// Without a GPU, asks WebKit to paint on the CPU and keeps OpenGL out of
/// the window's process, unless the variables are set either way already.
/// WebKit and GTK read them from the environment, and the web processes
/// inherit it, so this runs first thing in `main`.
pub fn choose() {
    if !cfg!(target_os = "linux") || has_gpu() {
        return;
    }
    if std::env::var_os(CPU_PAINTING).is_none() {
        set(CPU_PAINTING, Some("1"));
    }
    if std::env::var_os(GTK_GL).is_none() && std::env::var_os(EGL_DRIVERS).is_none() {
        set(GTK_GL, Some("disable"));
        without_egl_drivers();
    }
}

/// Sets (or, with `None`, removes) an environment variable.
fn set(name: &str, value: Option<&str>) {
    // SAFETY: called from `choose`, at the top of `main` before any other
    // thread exists, so nothing reads the environment while it changes.
    #[allow(unsafe_code)]
    unsafe {
        match value {
            Some(value) => std::env::set_var(name, value),
            None => std::env::remove_var(name),
        }
    }
}

/// Has libEGL settle on no drivers for this process, then takes the empty
/// list out of the environment the web processes will inherit.
#[cfg(target_os = "linux")]
fn without_egl_drivers() {
    set(EGL_DRIVERS, Some("/dev/null"));
    // Any call that needs the driver list loads it; this one needs no
    // display. With no drivers it answers with no extensions, or an error.
    let _extensions = khronos_egl::Instance::new(khronos_egl::Static).query_string(None, khronos_egl::EXTENSIONS);
    set(EGL_DRIVERS, None);
}

#[cfg(not(target_os = "linux"))]
fn without_egl_drivers() {}
