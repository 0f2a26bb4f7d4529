//! The `afterword-desktop` binary: everything lives in the library crate so
//! tests and the benchmark can reach it.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    afterword_desktop::run();
}
