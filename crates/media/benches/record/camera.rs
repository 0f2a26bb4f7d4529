//! The `+cam` recorders' camera: the tests' fake PipeWire camera
//! (`tests/common/fake_camera.rs`) showing SMPTE bars scrolling sideways, so
//! the picture changes every frame, as a face does; each `+cam` run starts
//! its own (it serves one reader). And the FFmpeg peer's bubble mask.

use std::path::Path;
use std::process::Command;

#[allow(dead_code)]
#[path = "../../tests/common/fake_camera.rs"]
mod fake_camera;

pub use fake_camera::{FakeCamera, HEIGHT, NAME, WIDTH};

/// The pattern the bench's camera shows.
pub const PATTERN: &str = "smpte horizontal-speed=3";

/// The bubble's alpha (240x240, grey PNG) for the FFmpeg peer, as Afterword
/// masks its circle: full inside, a one-pixel soft edge (`Bubble::mask`).
pub fn write_mask(path: &Path, side: u32) {
    let r = f64::from(side) / 2.0;
    let graph = format!(
        "color=black:s={side}x{side},format=gray,geq=lum='clip(({r}+0.5-hypot(X+0.5-{r}\\,Y+0.5-{r}))*255\\,0\\,255)'"
    );
    let ok = Command::new("ffmpeg")
        .args(["-loglevel", "error", "-y", "-f", "lavfi", "-i", &graph, "-frames:v", "1"])
        .arg(path)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "ffmpeg could not write the bubble's mask {}", path.display());
}
