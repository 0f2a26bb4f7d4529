//! The camera in the app. Its preview: the pages poll JPEG pictures from the
//! media server (`<base>/camera/<name>`), which opens the camera on the
//! first request and lets it go 3 s after the last (the `camera-preview`
//! thread), so the camera is on only while someone looks. The bubble while
//! recording: on X11, a small always-on-top window shaped like the bubble
//! and placed where the recording draws it; dragging or resizing the window
//! moves the recording's bubble (`afterword_media::LiveBubble`). The
//! recording opens the camera itself; the media crate shares one stream
//! between the preview and the recording.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use afterword_media::{Bubble, Camera, CameraError, LiveBubble};

/// How long a preview nobody asks for keeps the camera open.
const IDLE: Duration = Duration::from_secs(3);
/// The preview's width in pixels.
const PREVIEW_WIDTH: u32 = 480;

/// Cameras open for a preview, and when each was last asked for.
#[derive(Debug, Default)]
pub struct Previews {
    open: Mutex<HashMap<String, (Camera, Instant)>>,
}

impl Previews {
    /// Starts the `camera-preview` thread that closes cameras nobody looks at.
    pub fn start() -> std::io::Result<Arc<Previews>> {
        let previews = Arc::new(Previews::default());
        let weak = Arc::downgrade(&previews);
        std::thread::Builder::new().name("camera-preview".into()).spawn(move || {
            while let Some(previews) = weak.upgrade() {
                previews.close_idle();
                drop(previews);
                std::thread::sleep(Duration::from_secs(1));
            }
        })?;
        Ok(previews)
    }

    /// The newest picture of `name` as a JPEG, opening the camera if this is
    /// the first request (which may wait for its first picture). Blocks.
    pub fn picture(&self, name: &str) -> Result<Vec<u8>, CameraError> {
        let open = self.lock().get_mut(name).map(|(camera, asked)| {
            *asked = Instant::now();
            camera.clone()
        });
        let camera = match open {
            Some(camera) => camera,
            None => {
                let camera = Camera::open(name)?;
                self.lock().insert(name.to_owned(), (camera.clone(), Instant::now()));
                camera
            }
        };
        match camera.preview_jpeg(PREVIEW_WIDTH) {
            Ok((_, jpeg)) => Ok(jpeg),
            Err(e) => {
                // Gone: the next request opens it afresh.
                self.lock().remove(name);
                Err(e)
            }
        }
    }

    fn close_idle(&self) {
        self.lock().retain(|_, (_, asked)| asked.elapsed() < IDLE);
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (Camera, Instant)>> {
        self.open.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The bubble of the recording under way: the handle that moves it, and
/// where the recorded picture's top-left corner is on the screen.
#[derive(Debug, Clone)]
pub struct RecordedBubble {
    pub live: LiveBubble,
    /// The recorded area's top-left corner, in screen pixels.
    pub origin: (i32, i32),
    /// The recorded area's size.
    pub area: (u32, u32),
    /// The camera, for the window's preview.
    pub camera: String,
    /// Whether a window can show it: only X11 lets a window know and set
    /// its place on the screen (a Wayland window cannot).
    pub windowed: bool,
}

impl RecordedBubble {
    /// The bubble's square on the screen: (x, y, side).
    pub fn on_screen(&self) -> (i32, i32, u32) {
        let (x, y, side) = self.live.get().place(self.area.0, self.area.1);
        (self.origin.0 + x as i32, self.origin.1 + y as i32, side)
    }

    /// The window moved to (`x`, `y`) on the screen and is `side` pixels
    /// wide: the recording's bubble follows, kept inside the recorded area.
    pub fn follow_window(&self, x: i32, y: i32, side: u32) {
        let now = self.live.get();
        let inside = |v: i32, origin: i32| u32::try_from(v - origin).unwrap_or(0);
        let size = side.clamp(*afterword_media::BUBBLE_SIZES.start(), *afterword_media::BUBBLE_SIZES.end());
        self.live.set(Bubble { at: Some((inside(x, self.origin.0), inside(y, self.origin.1))), size, ..now });
    }

    /// The bubble in the next corner, clockwise from where it is (a bubble
    /// dragged to a free place goes to the corner after its own).
    pub fn next_corner(&self) -> Bubble {
        use afterword_media::Corner;
        let now = self.live.get();
        let corner = match now.corner {
            Corner::TopLeft => Corner::TopRight,
            Corner::TopRight => Corner::BottomRight,
            Corner::BottomRight => Corner::BottomLeft,
            Corner::BottomLeft => Corner::TopLeft,
        };
        let moved = Bubble { corner, at: None, ..now };
        self.live.set(moved);
        moved
    }

    /// The bubble `by` pixels larger (smaller when negative), within the sizes allowed.
    pub fn grow(&self, by: i32) -> Bubble {
        let now = self.live.get();
        let (lo, hi) = (*afterword_media::BUBBLE_SIZES.start(), *afterword_media::BUBBLE_SIZES.end());
        let size = (i64::from(now.size) + i64::from(by)).clamp(i64::from(lo), i64::from(hi)) as u32;
        let grown = Bubble { size, ..now };
        self.live.set(grown);
        grown
    }
}

/// The rows of a bubble-shaped window `side` pixels wide, as (x, y, width)
/// spans: the X11 shape that leaves the corners outside a circle or a
/// rounded square see-through (no compositor needed).
pub fn shape_spans(side: u32, circle: bool) -> Vec<(i32, i32, i32)> {
    let s = f64::from(side);
    let radius = if circle { s / 2.0 } else { s / 6.0 };
    (0..side)
        .map(|y| {
            let py = f64::from(y) + 0.5;
            let dy = (radius - py).max(py - (s - radius)).max(0.0);
            let inset = radius - (radius * radius - dy * dy).max(0.0).sqrt();
            let inset = inset.round() as i32;
            (inset, y as i32, (side as i32 - 2 * inset).max(0))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dragged_window_moves_the_bubble_inside_the_recorded_area() {
        let bubble = RecordedBubble {
            live: LiveBubble::new(Bubble::default()),
            origin: (100, 50),
            area: (1280, 720),
            camera: "fakecam".into(),
            windowed: true,
        };
        assert_eq!(bubble.on_screen(), (100 + 1280 - 240 - 24, 50 + 720 - 240 - 24, 240));
        bubble.follow_window(400, 300, 200);
        assert_eq!(bubble.live.get().at, Some((300, 250)));
        assert_eq!(bubble.on_screen(), (400, 300, 200));
        bubble.follow_window(10, 10, 200);
        assert_eq!(bubble.live.get().at, Some((0, 0)), "left of the area: its edge");
        assert_eq!(bubble.grow(-1000).size, 32);
        let cornered = bubble.next_corner();
        assert_eq!((cornered.corner, cornered.at), (afterword_media::Corner::BottomLeft, None));
    }

    #[test]
    fn a_circle_window_is_narrow_at_the_top_and_full_in_the_middle() {
        let spans = shape_spans(100, true);
        assert_eq!(spans.len(), 100);
        assert_eq!(spans[50], (0, 50, 100));
        assert!(spans[0].2 < 30, "{:?}", spans[0]);
        let rounded = shape_spans(100, false);
        assert_eq!(rounded[50], (0, 50, 100));
        assert!(rounded[0].0 > 0 && rounded[0].2 > 60, "{:?}", rounded[0]);
    }
}
