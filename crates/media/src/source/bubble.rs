//! What a camera bubble looks like and where it sits: the choices a person
//! makes (`--bubble corner=br,size=240,shape=circle,mirror`), on every platform.

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
    /// Width and height in screen pixels.
    pub size: u32,
    pub shape: Shape,
    /// Flip left and right, as a mirror shows a face.
    pub mirror: bool,
}

impl Default for Bubble {
    fn default() -> Self {
        Bubble { corner: Corner::BottomRight, size: 240, shape: Shape::Circle, mirror: false }
    }
}

/// Space between the bubble and the screen's edges, in pixels.
pub const MARGIN: u32 = 24;

impl Bubble {
    /// The bubble's square (x, y, side) on a `width`×`height` screen; the
    /// side shrinks to fit a small screen.
    pub fn place(&self, width: u32, height: u32) -> (u32, u32, u32) {
        let side = self.size.min(width.saturating_sub(2 * MARGIN)).min(height.saturating_sub(2 * MARGIN)).max(2);
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

/// How a recording uses a camera.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CameraUse {
    /// Drawn over the screen.
    Bubble(Bubble),
    /// The camera is the video, at its own size.
    Only,
}

/// The camera a recording opens, by its name in `afterword devices`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CameraChoice {
    pub name: String,
    pub use_: CameraUse,
}
