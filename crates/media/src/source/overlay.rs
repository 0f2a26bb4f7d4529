//! The camera bubble, drawn into a screen source's picture before colour
//! conversion. A source asks [`Overlay::refresh`] at each look: a new camera
//! picture makes the bubble's rows changed rows (as the cursor's are), and
//! [`Overlay::draw`] draws it over exactly the rows the source copies. The
//! camera going away is a warning in the report; the screen goes on, with
//! the bubble's rows redrawn once without it.

use std::ops::Range;
use std::time::Duration;

use ffmpeg::format::Pixel;
use ffmpeg::software::scaling;
use ffmpeg_next as ffmpeg;

use super::bubble::{Bubble, LiveBubble};
use super::camera::Camera;
use super::pipewire_video::Next;
use super::{Patch, VideoSink};

/// A picture's pixel format, width and height.
type Layout = (Pixel, u32, u32);

/// A swscale context kept while the input stays the same.
#[derive(Default)]
pub(crate) struct Scaler {
    context: Option<(scaling::Context, Layout, Layout)>,
}

impl std::fmt::Debug for Scaler {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scaler").finish_non_exhaustive()
    }
}

impl Scaler {
    /// `from` scaled to `width`×`height` in `pixel`; `None` if swscale refuses.
    pub(crate) fn scale(
        &mut self,
        from: &ffmpeg::frame::Video,
        pixel: Pixel,
        width: u32,
        height: u32,
    ) -> Option<ffmpeg::frame::Video> {
        let input = (from.format(), from.width(), from.height());
        let output = (pixel, width, height);
        if self.context.as_ref().is_none_or(|(_, i, o)| *i != input || *o != output) {
            let context =
                scaling::Context::get(input.0, input.1, input.2, pixel, width, height, scaling::Flags::BILINEAR)
                    .ok()?;
            self.context = Some((context, input, output));
        }
        let (context, ..) = self.context.as_mut()?;
        let mut out = ffmpeg::frame::Video::new(pixel, width, height);
        context.run(from, &mut out).ok()?;
        Some(out)
    }
}

/// A camera drawn as a bubble over a screen of one size and pixel format.
pub(crate) struct Overlay {
    camera: Option<Camera>,
    name: String,
    /// Where the bubble is wanted (moved while recording), and the version
    /// of it drawn.
    live: LiveBubble,
    version: u64,
    bubble: Bubble,
    /// The screen's size.
    width: u32,
    height: u32,
    /// The square on the screen.
    x: u32,
    y: u32,
    side: u32,
    mask: Vec<u8>,
    pixel: Pixel,
    /// The camera's newest picture as it came, kept to cover a resized square.
    newest: Option<super::VideoFrame>,
    /// That picture covering the square: `side`×`side` pixels at `offset`
    /// in a picture `picture.width()` wide.
    picture: Option<(ffmpeg::frame::Video, (u32, u32))>,
    seen: u64,
}

impl std::fmt::Debug for Overlay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Overlay").field("camera", &self.name).field("bubble", &self.bubble).finish_non_exhaustive()
    }
}

impl Overlay {
    /// The bubble on a `width`×`height` screen of 4-byte `pixel`s.
    pub(crate) fn new(camera: Camera, live: LiveBubble, width: u32, height: u32, pixel: Pixel) -> Overlay {
        let name = camera.name().to_owned();
        let bubble = live.get();
        let mut overlay = Overlay {
            camera: Some(camera),
            name,
            live,
            version: 0,
            bubble,
            width,
            height,
            x: 0,
            y: 0,
            side: 0,
            mask: Vec::new(),
            pixel,
            newest: None,
            picture: None,
            seen: 0,
        };
        overlay.place(bubble);
        overlay
    }

    fn place(&mut self, bubble: Bubble) {
        let (x, y, side) = bubble.place(self.width, self.height);
        if side != self.side || bubble.shape != self.bubble.shape || self.mask.is_empty() {
            self.mask = bubble.mask(side);
        }
        (self.bubble, self.x, self.y, self.side) = (bubble, x, y, side);
    }

    /// The bubble's rows.
    pub(crate) fn rows(&self) -> Range<u32> {
        self.y..self.y + self.side
    }

    /// The bubble's square.
    fn square(&self) -> Patch {
        Patch::new(self.rows(), self.x..self.x + self.side)
    }

    /// Takes the camera's newest picture, if there is one since the last
    /// look, and the bubble's new place, if it moved: the parts to be drawn
    /// again (where it was and where it is). The camera gone: a warning,
    /// and its square once more, to be drawn without it.
    /// `scaler` lives on the source's thread (swscale's context is not `Send`).
    pub(crate) fn refresh(&mut self, sink: &VideoSink, scaler: &mut Scaler) -> Vec<Patch> {
        let was = self.square();
        let moved = match self.live.changed_since(self.version) {
            Some((version, bubble)) => {
                self.version = version;
                let before = (self.x, self.y, self.side, self.bubble.shape, self.bubble.mirror);
                self.place(bubble);
                before != (self.x, self.y, self.side, self.bubble.shape, self.bubble.mirror)
            }
            None => false,
        };
        let both = |now: Patch| if moved { vec![was, now] } else { vec![now] };
        let Some(camera) = self.camera.as_ref() else {
            return if moved { both(self.square()) } else { Vec::new() };
        };
        match camera.latest().newer_than(self.seen, Duration::ZERO) {
            Next::Same if !moved => Vec::new(),
            Next::Same => {
                self.cover(scaler);
                both(self.square())
            }
            Next::Ended(reason) => {
                sink.warn(format!(
                    "camera {:?} went away during recording ({reason}); the rest of the recording has no bubble",
                    self.name
                ));
                self.camera = None;
                self.picture = None;
                self.newest = None;
                both(self.square())
            }
            Next::Frame(n, frame) => {
                self.seen = n;
                self.newest = Some(frame);
                self.cover(scaler);
                both(self.square())
            }
        }
    }

    /// Scales the newest camera picture to cover the square: the shorter
    /// side fits, the longer is cropped.
    fn cover(&mut self, scaler: &mut Scaler) {
        let Some(frame) = self.newest.as_ref().map(|f| &f.frame) else { return };
        let (w, h) = (frame.width().max(1), frame.height().max(1));
        let (sw, sh) = if w >= h {
            ((u64::from(self.side) * u64::from(w) / u64::from(h)) as u32, self.side)
        } else {
            (self.side, (u64::from(self.side) * u64::from(h) / u64::from(w)) as u32)
        };
        self.picture = scaler.scale(frame, self.pixel, sw.max(self.side), sh.max(self.side)).map(|scaled| {
            let offset = ((scaled.width() - self.side) / 2, (scaled.height() - self.side) / 2);
            (scaled, offset)
        });
    }

    /// Draws the bubble over `rows` of a picture `stride` bytes a row.
    pub(crate) fn draw(&self, data: &mut [u8], stride: usize, rows: Range<u32>) {
        let Some((picture, (ox, oy))) = &self.picture else { return };
        let (from_stride, from) = (picture.stride(0), picture.data(0));
        let side = self.side as usize;
        for y in rows.start.max(self.y)..rows.end.min(self.y + self.side) {
            let by = (y - self.y) as usize;
            let src_row = (by + *oy as usize) * from_stride;
            for bx in 0..side {
                let alpha = u32::from(self.mask[by * side + bx]);
                if alpha == 0 {
                    continue;
                }
                let cx = if self.bubble.mirror { side - 1 - bx } else { bx } + *ox as usize;
                let at = y as usize * stride + (self.x as usize + bx) * 4;
                let (Some(px), Some(cam)) =
                    (data.get_mut(at..at + 4), from.get(src_row + cx * 4..src_row + cx * 4 + 4))
                else {
                    continue;
                };
                for (p, c) in px.iter_mut().zip(cam) {
                    *p = ((u32::from(*c) * alpha + u32::from(*p) * (255 - alpha)) / 255) as u8;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::bubble::{Corner, MARGIN, Shape};

    /// An overlay already holding a camera picture: its left half red, its
    /// right half green (B, G, R, X).
    fn showing_halves(bubble: Bubble, width: u32, height: u32) -> Overlay {
        let (x, y, side) = bubble.place(width, height);
        let mut picture = ffmpeg::frame::Video::new(Pixel::BGRZ, side, side);
        let stride = picture.stride(0);
        let data = picture.data_mut(0);
        for row in 0..side as usize {
            for col in 0..side as usize {
                let px = if col < side as usize / 2 { [0, 0, 255, 0] } else { [0, 255, 0, 0] };
                data[row * stride + col * 4..][..4].copy_from_slice(&px);
            }
        }
        Overlay {
            camera: None,
            name: "test".into(),
            live: LiveBubble::new(bubble),
            version: 0,
            bubble,
            width,
            height,
            x,
            y,
            side,
            mask: bubble.mask(side),
            pixel: Pixel::BGRZ,
            newest: None,
            picture: Some((picture, (0, 0))),
            seen: 0,
        }
    }

    fn at(screen: &[u8], width: u32, x: u32, y: u32) -> [u8; 4] {
        let i = (y * width + x) as usize * 4;
        [screen[i], screen[i + 1], screen[i + 2], screen[i + 3]]
    }

    #[test]
    fn the_bubble_is_drawn_only_into_the_rows_asked_for() {
        let (width, height) = (320, 240);
        let bubble = Bubble { corner: Corner::TopLeft, size: 100, shape: Shape::Rounded, ..Bubble::default() };
        let overlay = showing_halves(bubble, width, height);
        assert_eq!(overlay.rows(), MARGIN..MARGIN + 100);
        let mut screen = vec![9u8; (width * height * 4) as usize];
        // Rows the source copies that hold none of the bubble: untouched.
        overlay.draw(&mut screen, width as usize * 4, 150..240);
        assert!(screen.iter().all(|&b| b == 9));
        // Half the bubble's rows: drawn there, and only there.
        overlay.draw(&mut screen, width as usize * 4, 0..MARGIN + 50);
        assert_eq!(at(&screen, width, MARGIN + 10, MARGIN + 40), [0, 0, 255, 0], "left half: the camera's left");
        assert_eq!(at(&screen, width, MARGIN + 90, MARGIN + 40), [0, 255, 0, 0]);
        assert_eq!(at(&screen, width, MARGIN + 10, MARGIN + 60), [9; 4], "a row not asked for");
        assert_eq!(at(&screen, width, MARGIN + 150, MARGIN + 40), [9; 4], "beside the bubble");
        assert_eq!(at(&screen, width, MARGIN, MARGIN), [9; 4], "the rounded corner");
    }

    #[test]
    fn a_mirrored_bubble_shows_the_camera_flipped() {
        let bubble = Bubble { corner: Corner::BottomRight, size: 100, shape: Shape::Rounded, mirror: true, at: None };
        let (width, height) = (320, 240);
        let overlay = showing_halves(bubble, width, height);
        let (x, y, _) = bubble.place(width, height);
        let mut screen = vec![0u8; (width * height * 4) as usize];
        overlay.draw(&mut screen, width as usize * 4, 0..height);
        assert_eq!(at(&screen, width, x + 10, y + 50), [0, 255, 0, 0], "the camera's right, on the left");
        assert_eq!(at(&screen, width, x + 90, y + 50), [0, 0, 255, 0]);
    }

    #[test]
    fn a_bubble_moved_while_recording_redraws_where_it_was_and_where_it_is() {
        let (width, height) = (640, 480);
        let bubble = Bubble { corner: Corner::TopLeft, size: 100, shape: Shape::Rounded, ..Bubble::default() };
        let mut overlay = showing_halves(bubble, width, height);
        let live = overlay.live.clone();
        let sink = VideoSink {
            tx: std::sync::mpsc::sync_channel(1).0,
            clock: crate::clock::Clock::starting_at(std::time::Instant::now()),
            counters: Default::default(),
            lost: Default::default(),
            notes: Default::default(),
        };
        let mut scaler = Scaler::default();
        assert_eq!(overlay.refresh(&sink, &mut scaler), [], "nothing changed");
        live.set(Bubble { at: Some((300, 200)), ..bubble });
        let (old, new) = (MARGIN..MARGIN + 100, 300..400);
        assert_eq!(
            overlay.refresh(&sink, &mut scaler),
            [Patch::new(old.clone(), old), Patch::new(200..300, new)],
            "where it was and where it is"
        );
        assert_eq!(overlay.refresh(&sink, &mut scaler), []);
        let mut screen = vec![9u8; (width * height * 4) as usize];
        overlay.draw(&mut screen, width as usize * 4, 0..height);
        assert_eq!(at(&screen, width, 310, 250), [0, 0, 255, 0], "the camera at its new place");
        assert_eq!(at(&screen, width, MARGIN + 10, MARGIN + 40), [9; 4], "nothing where it was");
    }

    #[test]
    fn the_bubble_sits_in_its_corner_with_a_margin() {
        let b = |corner| Bubble { corner, ..Bubble::default() };
        assert_eq!(b(Corner::BottomRight).place(1280, 720), (1280 - 240 - MARGIN, 720 - 240 - MARGIN, 240));
        assert_eq!(b(Corner::TopLeft).place(1280, 720), (MARGIN, MARGIN, 240));
        assert_eq!(b(Corner::TopRight).place(1280, 720), (1280 - 240 - MARGIN, MARGIN, 240));
        assert_eq!(b(Corner::BottomLeft).place(200, 200), (MARGIN, MARGIN, 200 - 2 * MARGIN));
    }

    #[test]
    fn a_circle_covers_its_centre_and_not_its_corners() {
        let mask = Bubble::default().mask(100);
        assert_eq!(mask[50 * 100 + 50], 255);
        assert_eq!(mask[0], 0);
        let rounded = Bubble { shape: Shape::Rounded, ..Bubble::default() }.mask(100);
        assert_eq!(rounded[0], 0);
        assert_eq!(rounded[50], 255, "a rounded square's top edge is covered");
    }
}
