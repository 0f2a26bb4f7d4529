//! Grabbing rows of the captured area from the X server: MIT-SHM 1.2, where
//! the server writes the picture into a segment it made and shares as a file
//! descriptor, read back with `pread` (no mapping, so no unsafe code); the
//! core `GetImage` request where SHM is missing (a remote display).
//!
//! Only what changed is grabbed: a clock ticking in a corner is a band of
//! 40 rows, not 8 MB of 1080p. FFmpeg's `x11grab` grabbed the whole area
//! into a fresh buffer at every frame (a copy and ~2,000 page faults each).

use std::fs::File;
use std::ops::Range;
use std::os::unix::fs::FileExt as _;

use ffmpeg_next::format::Pixel;
use x11rb::connection::Connection;
use x11rb::errors::{ConnectionError, ReplyError};
use x11rb::protocol::shm::{ConnectionExt as _, Seg};
use x11rb::protocol::xproto::{ConnectionExt as _, Drawable, ImageFormat, ImageOrder};
use x11rb::rust_connection::RustConnection;

use super::{DeviceError, Rect};

/// Why a grab failed: the server went away or refused.
#[derive(Debug, thiserror::Error)]
pub(crate) enum GrabError {
    #[error("the X server connection failed: {0}")]
    Connection(#[from] ConnectionError),
    #[error("the X server refused the grab: {0}")]
    Reply(#[from] ReplyError),
    #[error("reading the shared picture failed: {0}")]
    Read(#[from] std::io::Error),
}

/// Grabs full-width bands of rows of one area of one drawable.
pub(crate) struct XGrab {
    conn: RustConnection,
    drawable: Drawable,
    /// The area's top-left corner in the drawable.
    at: (i16, i16),
    width: u16,
    height: u16,
    /// The server's segment (as large as the whole area) and its file.
    shm: Option<(Seg, File)>,
}

impl std::fmt::Debug for XGrab {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("XGrab")
            .field("drawable", &self.drawable)
            .field("size", &(self.width, self.height))
            .field("shm", &self.shm.is_some())
            .finish_non_exhaustive()
    }
}

impl XGrab {
    /// Grab `area` (root coordinates) of the screen, or all of `window`
    /// (`area` is then its size).
    pub(crate) fn connect(display: &str, area: Rect, window: Option<u32>) -> Result<Self, DeviceError> {
        let (conn, screen_num) = super::x11::connect(display)?;
        let cannot = |reason: String| DeviceError::Open { what: format!("X11 display {display}"), reason };
        let screen = conn.setup().roots.get(screen_num).ok_or(DeviceError::NoDisplay)?;
        let (drawable, at) = match window {
            Some(w) => (w, (0, 0)),
            None => (screen.root, (clamp16(area.x), clamp16(area.y))),
        };
        let depth = conn
            .get_geometry(drawable)
            .map_err(|e| cannot(e.to_string()))?
            .reply()
            .map_err(|e| cannot(e.to_string()))?
            .depth;
        let bpp = conn.setup().pixmap_formats.iter().find(|f| f.depth == depth).map(|f| f.bits_per_pixel);
        if bpp != Some(32) {
            return Err(cannot(format!("a {depth}-bit picture; only 24- and 32-bit screens can be recorded")));
        }
        if conn.setup().image_byte_order != ImageOrder::LSB_FIRST {
            return Err(cannot(
                "the display sends its pixels most significant byte first; this build records only the usual order"
                    .into(),
            ));
        }
        let (width, height) = (clamp16u(area.width), clamp16u(area.height));
        let shm = segment(&conn, u32::from(width) * u32::from(height) * 4);
        if shm.is_none() {
            let server: &str = display;
            tracing::info!(server, "no MIT-SHM 1.2 on this display: grabbing over the connection");
        }
        Ok(Self { conn, drawable, at, width, height, shm })
    }

    /// The pixel format of what [`XGrab::rows`] writes: B, G, R and a
    /// byte of nothing.
    pub(crate) fn pixel(&self) -> Pixel {
        Pixel::BGRZ
    }

    /// Grab `rows` of the area, full width, into `into` (packed: 4 bytes a
    /// pixel, no padding between rows).
    pub(crate) fn rows(&self, rows: Range<u32>, into: &mut [u8]) -> Result<(), GrabError> {
        let count = rows.end.min(u32::from(self.height)).saturating_sub(rows.start);
        let len = usize::from(self.width) * 4 * count as usize;
        let Some(into) = into.get_mut(..len).filter(|_| count > 0) else { return Ok(()) };
        let (x, y) = (self.at.0, self.at.1.saturating_add(clamp16(i32::try_from(rows.start).unwrap_or(i32::MAX))));
        let count = u16::try_from(count).unwrap_or(u16::MAX);
        match &self.shm {
            Some((seg, file)) => {
                self.conn
                    .shm_get_image(self.drawable, x, y, self.width, count, !0, ImageFormat::Z_PIXMAP.into(), *seg, 0)?
                    .reply()?;
                file.read_exact_at(into, 0)?;
            }
            None => {
                let image =
                    self.conn.get_image(ImageFormat::Z_PIXMAP, self.drawable, x, y, self.width, count, !0)?.reply()?;
                let got = image.data.get(..len).ok_or_else(|| {
                    std::io::Error::new(std::io::ErrorKind::UnexpectedEof, "the server sent a smaller picture")
                })?;
                into.copy_from_slice(got);
            }
        }
        Ok(())
    }
}

/// A segment of `size` bytes made by the server (SHM 1.2), or none.
fn segment(conn: &RustConnection, size: u32) -> Option<(Seg, File)> {
    let version = conn.shm_query_version().ok()?.reply().ok()?;
    if (version.major_version, version.minor_version) < (1, 2) {
        return None;
    }
    let seg = conn.generate_id().ok()?;
    let reply = conn.shm_create_segment(seg, size, false).ok()?.reply().ok()?;
    Some((seg, File::from(reply.shm_fd)))
}

fn clamp16(v: i32) -> i16 {
    i16::try_from(v).unwrap_or(if v < 0 { i16::MIN } else { i16::MAX })
}

fn clamp16u(v: u32) -> u16 {
    u16::try_from(v).unwrap_or(u16::MAX)
}
