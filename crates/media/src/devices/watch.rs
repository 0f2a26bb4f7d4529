//! A second connection to the X server beside the grabber: it notices that
//! the server died, and what changed in the captured area since the last
//! look, so a screen that stands still is not grabbed, converted and encoded
//! 30 times a second.
//!
//! What changed is the DAMAGE extension's region (every drawing on the
//! screen, accumulated by the server between looks) and the cursor (XFIXES:
//! its position and image), when the cursor is recorded. The cursor is not
//! in the screen's pixels: the capture draws it over them, so a moving
//! pointer needs no grab, only the rows it left and entered converted again.
//! A server without DAMAGE or XFIXES reports a change at every look, which
//! is a constant frame rate.

use std::ops::Range;

use x11rb::connection::Connection;
use x11rb::protocol::Event;
use x11rb::protocol::damage::{ConnectionExt as _, ReportLevel};
use x11rb::protocol::xfixes::{ConnectionExt as _, Region};
use x11rb::protocol::xproto::{ConnectionExt as _, Rectangle, Window};
use x11rb::rust_connection::RustConnection;

use super::{DeviceError, Rect};
use crate::encode::convert::Patch;

/// What was drawn in the captured area since the last look.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Damage {
    None,
    /// These parts of the area (and maybe more, never less).
    Parts(Vec<Patch>),
    /// Something, somewhere in it.
    Anything,
}

/// The cursor as the recording shows it: its image's top-left corner in
/// the area's coordinates (it may start outside), and its premultiplied
/// ARGB pixels, row by row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cursor {
    pub(crate) x: i32,
    pub(crate) y: i32,
    pub(crate) width: u32,
    pub(crate) height: u32,
    pub(crate) pixels: Vec<u32>,
}

/// What changed since the last look.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Look {
    pub(crate) damage: Damage,
    /// The cursor now, when it moved or changed shape (`None`: as before,
    /// or not recorded).
    pub(crate) cursor: Option<Cursor>,
}

/// Watches one X display for the death of its server and for changes.
#[derive(Debug)]
pub(crate) struct XWatch {
    conn: RustConnection,
    /// What is captured, in root coordinates; `None` for a window (its
    /// damage is watched on the window itself, wherever it moves).
    area: Option<Rect>,
    /// The damage object and the region its parts are moved into at each
    /// look; `None` without DAMAGE/XFIXES.
    damage: Option<(x11rb::protocol::damage::Damage, Region)>,
    /// Where the captured area's top-left corner is on the root window.
    origin: (i32, i32),
    cursor: bool,
    /// Position and serial of the cursor at the last look.
    last_cursor: Option<(i32, i32, u32)>,
}

impl XWatch {
    /// Watch `display`; changes count inside `area` (root coordinates), or
    /// anywhere in `window` when one is captured. `cursor`: the recording
    /// shows the pointer, so its moves and shape changes count too.
    pub(crate) fn connect(
        display: &str,
        area: Option<Rect>,
        window: Option<Window>,
        cursor: bool,
    ) -> Result<Self, DeviceError> {
        let (conn, screen_num) = super::x11::connect(display)?;
        let root = conn.setup().roots.get(screen_num).ok_or(DeviceError::NoDisplay)?.root;
        let damage = watch_damage(&conn, window.unwrap_or(root));
        if damage.is_none() {
            let server: &str = display;
            tracing::info!(server, "no DAMAGE or XFIXES extension: every frame is grabbed");
        }
        let origin = match (window, area) {
            (Some(w), _) => conn
                .translate_coordinates(w, root, 0, 0)
                .ok()
                .and_then(|c| c.reply().ok())
                .map_or((0, 0), |t| (i32::from(t.dst_x), i32::from(t.dst_y))),
            (None, Some(a)) => (a.x, a.y),
            (None, None) => (0, 0),
        };
        let area = if window.is_some() { None } else { area };
        Ok(Self { conn, area, damage, origin, cursor, last_cursor: None })
    }

    /// One round trip; false once the server is gone.
    pub(crate) fn alive(&self) -> bool {
        self.conn.get_input_focus().ok().and_then(|c| c.reply().ok()).is_some()
    }

    /// What changed since the last look.
    pub(crate) fn look(&mut self) -> Look {
        Look { damage: self.damage(), cursor: self.cursor() }
    }

    fn damage(&mut self) -> Damage {
        let Some((damage, parts)) = self.damage else { return Damage::Anything };
        let mut damaged = false;
        while let Ok(Some(event)) = self.conn.poll_for_event() {
            damaged |= matches!(event, Event::DamageNotify(_));
        }
        if !damaged {
            return Damage::None;
        }
        // Take the damage so far (it is empty again, and the next drawing
        // notifies again) and see which of it is in the area.
        let fetched = self
            .conn
            .damage_subtract(damage, x11rb::NONE, parts)
            .ok()
            .and_then(|_| self.conn.xfixes_fetch_region(parts).ok())
            .and_then(|c| c.reply().ok());
        match (fetched, self.area) {
            (Some(region), Some(area)) => {
                let parts: Vec<_> =
                    region.rectangles.iter().filter(|r| overlaps(r, area)).filter_map(|r| part(area, r)).collect();
                if parts.is_empty() { Damage::None } else { Damage::Parts(parts) }
            }
            _ => Damage::Anything,
        }
    }

    /// The cursor, when it moved or changed image since the last look: one
    /// round trip that brings both (a cursor image is a few kilobytes).
    fn cursor(&mut self) -> Option<Cursor> {
        if !self.cursor {
            return None;
        }
        let c = self.conn.xfixes_get_cursor_image().ok()?.reply().ok()?;
        let x = i32::from(c.x) - i32::from(c.xhot) - self.origin.0;
        let y = i32::from(c.y) - i32::from(c.yhot) - self.origin.1;
        let now = (x, y, c.cursor_serial);
        (self.last_cursor.replace(now) != Some(now)).then(|| Cursor {
            x,
            y,
            width: u32::from(c.width),
            height: u32::from(c.height),
            pixels: c.cursor_image,
        })
    }
}

/// The part of `area` a root rectangle covers, in the area's coordinates, if any.
fn part(area: Rect, r: &Rectangle) -> Option<Patch> {
    let rows = span(area.y, area.height, i32::from(r.y), i32::from(r.y) + i32::from(r.height))?;
    let cols = span(area.x, area.width, i32::from(r.x), i32::from(r.x) + i32::from(r.width))?;
    Some(Patch::new(rows, cols))
}

/// The pixels of a span `length` long from `start` between root
/// coordinates `from` and `to`, if any.
pub(crate) fn span(start: i32, length: u32, from: i32, to: i32) -> Option<Range<u32>> {
    let length = i32::try_from(length).unwrap_or(i32::MAX);
    let (from, to) = ((from - start).clamp(0, length), (to - start).clamp(0, length));
    (from < to).then(|| from.unsigned_abs()..to.unsigned_abs())
}

/// A damage object on `drawable` reporting when its damage becomes
/// non-empty, and a region to take its parts into.
fn watch_damage(conn: &RustConnection, drawable: Window) -> Option<(x11rb::protocol::damage::Damage, Region)> {
    conn.damage_query_version(1, 1).ok()?.reply().ok()?;
    conn.xfixes_query_version(5, 0).ok()?.reply().ok()?;
    let damage = conn.generate_id().ok()?;
    conn.damage_create(damage, drawable, ReportLevel::NON_EMPTY).ok()?.check().ok()?;
    let parts = conn.generate_id().ok()?;
    conn.xfixes_create_region(parts, &[]).ok()?.check().ok()?;
    Some((damage, parts))
}

fn overlaps(r: &Rectangle, a: Rect) -> bool {
    let (rx, ry) = (i64::from(r.x), i64::from(r.y));
    let (ax, ay) = (i64::from(a.x), i64::from(a.y));
    rx < ax + i64::from(a.width)
        && ax < rx + i64::from(r.width)
        && ry < ay + i64::from(a.height)
        && ay < ry + i64::from(r.height)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn damage_counts_only_where_it_meets_the_area() {
        let area = Rect { x: 100, y: 100, width: 200, height: 100 };
        let r = |x, y, width, height| Rectangle { x, y, width, height };
        assert!(overlaps(&r(150, 150, 10, 10), area));
        assert!(overlaps(&r(0, 0, 101, 101), area), "touches the corner pixel");
        assert!(!overlaps(&r(0, 0, 100, 100), area), "ends just before it");
        assert!(!overlaps(&r(300, 100, 50, 50), area), "starts just after it");
    }

    #[test]
    fn parts_are_the_areas_own() {
        let area = Rect { x: 100, y: 100, width: 200, height: 100 };
        let r = |x, y, width, height| Rectangle { x, y, width, height };
        assert_eq!(part(area, &r(90, 90, 20, 30)), Some(Patch::new(0..20, 0..10)));
        assert_eq!(part(area, &r(250, 190, 100, 300)), Some(Patch::new(90..100, 150..200)));
        assert_eq!(part(area, &r(0, 0, 100, 100)), None);
    }
}
