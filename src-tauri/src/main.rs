//! The `afterword-desktop` binary: everything lives in the library crate so
//! tests and the benchmark can reach it.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // Before any thread: it may set an environment variable.
    afterword_desktop::painting::choose();
    afterword_desktop::run();
}
