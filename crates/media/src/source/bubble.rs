//! What a camera bubble looks like and where it sits: the choices a person
//! makes (`--bubble corner=br,size=240,shape=circle,mirror`, or `x=,y=` for
//! a free position), on every platform, and [`LiveBubble`], the handle that
//! moves and resizes it while recording.

use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

/// A screen corner.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Corner {
    TopLeft,
    TopRight,
    BottomLeft,
    #[default]
    BottomRight,
}

/// The bubble's outline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Shape {
    #[default]
    Circle,
    Rounded,
}

/// Where and how the camera is drawn over the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bubble {
    pub corner: Corner,
    /// The bubble's top-left corner in the recorded picture's pixels, which
    /// overrides `corner` (kept inside the picture).
    pub at: Option<(u32, u32)>,
    /// Width and height in screen pixels.
    pub size: u32,
    pub shape: Shape,
    /// Flip left and right, as a mirror shows a face.
    pub mirror: bool,
}

impl Default for Bubble {
    fn default() -> Self {
        Bubble { corner: Corner::BottomRight, at: None, size: 240, shape: Shape::Circle, mirror: false }
    }
}

/// Space between the bubble and the screen's edges, in pixels.
pub const MARGIN: u32 = 24;

/// The sizes a bubble may have, in pixels.
pub const SIZES: std::ops::RangeInclusive<u32> = 32..=2160;

/// A `--bubble` setting that is not one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{part:?} is not a bubble setting; write corner=tl|tr|bl|br or x=PX,y=PX, size=PX (32-2160), \
     shape=circle|rounded or mirror, comma-separated"
)]
pub struct BubbleParseError {
    part: String,
}

impl FromStr for Bubble {
    type Err = BubbleParseError;

    /// `corner=tl|tr|bl|br`, `x=PX,y=PX`, `size=PX`, `shape=circle|rounded`
    /// and `mirror`, comma-separated; what is not said is the default.
    fn from_str(s: &str) -> Result<Bubble, BubbleParseError> {
        let mut b = Bubble::default();
        let (mut x, mut y) = (None, None);
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let bad = || BubbleParseError { part: part.to_owned() };
            match part.split_once('=') {
                Some(("corner", c)) => {
                    b.corner = match c {
                        "tl" => Corner::TopLeft,
                        "tr" => Corner::TopRight,
                        "bl" => Corner::BottomLeft,
                        "br" => Corner::BottomRight,
                        _ => return Err(bad()),
                    }
                }
                Some(("x", n)) => x = Some(n.parse::<u32>().map_err(|_| bad())?),
                Some(("y", n)) => y = Some(n.parse::<u32>().map_err(|_| bad())?),
                Some(("size", n)) => b.size = n.parse().ok().filter(|n| SIZES.contains(n)).ok_or_else(bad)?,
                Some(("shape", "circle")) => b.shape = Shape::Circle,
                Some(("shape", "rounded")) => b.shape = Shape::Rounded,
                None if part == "mirror" => b.mirror = true,
                _ => return Err(bad()),
            }
        }
        b.at = match (x, y) {
            (Some(x), Some(y)) => Some((x, y)),
            (None, None) => None,
            _ => return Err(BubbleParseError { part: "x= and y= go together".to_owned() }),
        };
        Ok(b)
    }
}

impl Bubble {
    /// The bubble's square (x, y, side) on a `width`×`height` screen; the
    /// side shrinks to fit a small screen, a free position stays inside it.
    pub fn place(&self, width: u32, height: u32) -> (u32, u32, u32) {
        let side = self.size.min(width.saturating_sub(2 * MARGIN)).min(height.saturating_sub(2 * MARGIN)).max(2);
        if let Some((x, y)) = self.at {
            return (x.min(width.saturating_sub(side)), y.min(height.saturating_sub(side)), side);
        }
        let (left, top) = (MARGIN.min(width - side), MARGIN.min(height - side));
        let (right, bottom) = (width.saturating_sub(side + MARGIN), height.saturating_sub(side + MARGIN));
        match self.corner {
            Corner::TopLeft => (left, top, side),
            Corner::TopRight => (right, top, side),
            Corner::BottomLeft => (left, bottom, side),
            Corner::BottomRight => (right, bottom, side),
        }
    }

    /// How much of the camera covers each pixel of the square, 0–255.
    pub(crate) fn mask(&self, side: u32) -> Vec<u8> {
        let s = side as f32;
        let radius = match self.shape {
            Shape::Circle => s / 2.0,
            Shape::Rounded => s / 6.0,
        };
        let mut mask = Vec::with_capacity(side as usize * side as usize);
        for y in 0..side {
            for x in 0..side {
                // Distance outside the rounded square whose corners have `radius`.
                let (px, py) = (x as f32 + 0.5, y as f32 + 0.5);
                let dx = (radius - px).max(px - (s - radius)).max(0.0);
                let dy = (radius - py).max(py - (s - radius)).max(0.0);
                let outside = (dx * dx + dy * dy).sqrt() - radius;
                mask.push(((0.5 - outside).clamp(0.0, 1.0) * 255.0) as u8);
            }
        }
        mask
    }
}

/// A bubble that can be moved, resized or reshaped while it is recorded:
/// the recording's source reads it at each look, whoever holds a clone
/// (the app's camera window) sets it.
#[derive(Debug, Clone)]
pub struct LiveBubble {
    shared: Arc<Shared>,
}

#[derive(Debug)]
struct Shared {
    bubble: Mutex<Bubble>,
    /// Bumped by each [`LiveBubble::set`] that changes the bubble.
    version: AtomicU64,
}

impl LiveBubble {
    pub fn new(bubble: Bubble) -> LiveBubble {
        LiveBubble { shared: Arc::new(Shared { bubble: Mutex::new(bubble), version: AtomicU64::new(0) }) }
    }

    /// The bubble now.
    pub fn get(&self) -> Bubble {
        *self.shared.bubble.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Moves, resizes or reshapes it from the next picture on.
    pub fn set(&self, bubble: Bubble) {
        let mut now = self.shared.bubble.lock().unwrap_or_else(PoisonError::into_inner);
        if *now != bubble {
            *now = bubble;
            self.shared.version.fetch_add(1, Ordering::Release);
        }
    }

    /// The bubble, if it changed since `version`, with the new version.
    pub(crate) fn changed_since(&self, version: u64) -> Option<(u64, Bubble)> {
        let now = self.shared.version.load(Ordering::Acquire);
        (now != version).then(|| (now, self.get()))
    }
}

impl From<Bubble> for LiveBubble {
    fn from(bubble: Bubble) -> LiveBubble {
        LiveBubble::new(bubble)
    }
}

/// Two handles are equal when they show the same bubble now.
impl PartialEq for LiveBubble {
    fn eq(&self, other: &LiveBubble) -> bool {
        Arc::ptr_eq(&self.shared, &other.shared) || self.get() == other.get()
    }
}

impl Eq for LiveBubble {}

/// How a recording uses a camera.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CameraUse {
    /// Drawn over the screen; the handle moves it while recording.
    Bubble(LiveBubble),
    /// The camera is the video, at its own size.
    Only,
}

/// The camera a recording opens, by its name in `afterword devices`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CameraChoice {
    pub name: String,
    pub use_: CameraUse,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bubble_setting_is_read_from_its_words() {
        let b: Bubble = "corner=tl,size=180,shape=rounded,mirror".parse().expect("parses");
        assert_eq!(b, Bubble { corner: Corner::TopLeft, at: None, size: 180, shape: Shape::Rounded, mirror: true });
        assert_eq!("".parse::<Bubble>(), Ok(Bubble::default()));
        let free: Bubble = "x=100,y=50".parse().expect("parses");
        assert_eq!(free.at, Some((100, 50)));
        for bad in ["corner=middle", "size=10", "size=big", "shape=star", "x=5", "flip", "x=-1,y=2"] {
            let err = bad.parse::<Bubble>().expect_err(bad);
            assert!(err.to_string().contains("is not a bubble setting"), "{bad}: {err}");
        }
    }

    #[test]
    fn a_free_position_stays_inside_the_picture() {
        let at = |x, y| Bubble { at: Some((x, y)), size: 200, ..Bubble::default() };
        assert_eq!(at(100, 50).place(1280, 720), (100, 50, 200));
        assert_eq!(at(5000, 5000).place(1280, 720), (1080, 520, 200));
    }

    #[test]
    fn a_live_bubble_says_when_it_changed() {
        let live = LiveBubble::new(Bubble::default());
        assert_eq!(live.changed_since(0), None);
        live.set(Bubble::default());
        assert_eq!(live.changed_since(0), None, "the same bubble again is no change");
        let moved = Bubble { at: Some((10, 10)), ..Bubble::default() };
        live.clone().set(moved);
        let (version, now) = live.changed_since(0).expect("changed");
        assert_eq!(now, moved);
        assert_eq!(live.changed_since(version), None);
    }
}
