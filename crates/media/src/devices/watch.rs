//! A second connection to the X server beside the grabber: it notices that
//! the server died (x11grab keeps returning the last image after that), and
//! whether the captured area changed since the last look, so a screen that
//! stands still is not grabbed, converted and encoded 30 times a second.
//!
//! What changed is the DAMAGE extension's region (every drawing on the
//! screen, accumulated by the server between looks), the pointer's position
//! and the cursor's image (XFIXES) when the cursor is recorded: the cursor
//! is drawn over the picture by the grabber and damages nothing. A server
//! without DAMAGE or XFIXES reports a change at every look, which is the
//! constant frame rate x11grab gave before.

use std::ops::Range;

use x11rb::connection::Connection;
use x11rb::protocol::Event;
use x11rb::protocol::damage::{ConnectionExt as _, Damage, ReportLevel};
use x11rb::protocol::xfixes::{ConnectionExt as _, CursorNotifyMask, Region};
use x11rb::protocol::xproto::{ConnectionExt as _, Rectangle, Window};
use x11rb::rust_connection::RustConnection;

use super::{DeviceError, Rect};

/// What changed in the captured area since the last look.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Seen {
    Still,
    /// These rows of the area (and maybe others beside them, never fewer).
    Rows(Vec<Range<u32>>),
    /// Something, somewhere in it.
    Anything,
}

/// Rows above and below the pointer that its cursor may cover.
const CURSOR_REACH: i32 = 64;

/// Watches one X display for the death of its server and for changes.
#[derive(Debug)]
pub(crate) struct XWatch {
    conn: RustConnection,
    root: Window,
    /// What is captured, in root coordinates; `None` for a window (its
    /// damage is watched on the window itself, wherever it moves).
    area: Option<Rect>,
    /// The damage object and the region its parts are moved into at each
    /// look; `None` without DAMAGE/XFIXES.
    damage: Option<(Damage, Region)>,
    cursor: bool,
    pointer: Option<(i16, i16)>,
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
        let damage = watch_damage(&conn, window.unwrap_or(root), cursor.then_some(root));
        if damage.is_none() {
            let server: &str = display;
            tracing::info!(server, "no DAMAGE or XFIXES extension: every frame is grabbed");
        }
        let area = if window.is_some() { None } else { area };
        Ok(Self { conn, root, area, damage, cursor, pointer: None })
    }

    /// One round trip; false once the server is gone.
    pub(crate) fn alive(&self) -> bool {
        self.conn.get_input_focus().ok().and_then(|c| c.reply().ok()).is_some()
    }

    /// What may look different than at the last look.
    pub(crate) fn changed(&mut self) -> Seen {
        let Some((damage, parts)) = self.damage else { return Seen::Anything };
        let (mut rows, mut anything, mut damaged, mut cursor_shape) = (Vec::new(), false, false, false);
        while let Ok(Some(event)) = self.conn.poll_for_event() {
            match event {
                Event::DamageNotify(_) => damaged = true,
                Event::XfixesCursorNotify(_) => cursor_shape = true,
                _ => {}
            }
        }
        if damaged {
            // Take the damage so far (it is empty again, and the next drawing
            // notifies again) and see which of it is in the area.
            let fetched = self
                .conn
                .damage_subtract(damage, x11rb::NONE, parts)
                .ok()
                .and_then(|_| self.conn.xfixes_fetch_region(parts).ok())
                .and_then(|c| c.reply().ok());
            match (fetched, self.area) {
                (Some(region), Some(area)) => rows.extend(region.rectangles.iter().filter_map(|r| {
                    span(area, i32::from(r.y), i32::from(r.y) + i32::from(r.height)).filter(|_| overlaps(r, area))
                })),
                _ => anything = true,
            }
        }
        if self.cursor
            && let Some(p) = self.conn.query_pointer(self.root).ok().and_then(|c| c.reply().ok())
        {
            let now = (p.root_x, p.root_y);
            let before = self.pointer.replace(now);
            let moved = before.is_some_and(|b| b != now);
            for at in [before, Some(now)].into_iter().flatten().filter(|_| moved || cursor_shape) {
                match self.area {
                    Some(area) => rows.extend(around(area, at)),
                    None => anything = true,
                }
            }
        }
        match (anything, rows.is_empty()) {
            (true, _) => Seen::Anything,
            (false, true) => Seen::Still,
            (false, false) => Seen::Rows(rows),
        }
    }
}

/// The rows of `area` between root rows `top` and `bottom`, if any.
fn span(area: Rect, top: i32, bottom: i32) -> Option<Range<u32>> {
    let height = i32::try_from(area.height).unwrap_or(i32::MAX);
    let (from, to) = ((top - area.y).clamp(0, height), (bottom - area.y).clamp(0, height));
    (from < to).then(|| from.unsigned_abs()..to.unsigned_abs())
}

/// The rows of `area` a cursor at `at` may cover.
fn around(area: Rect, (x, y): (i16, i16)) -> Option<Range<u32>> {
    let (x, y) = (i32::from(x), i32::from(y));
    let width = i32::try_from(area.width).unwrap_or(i32::MAX);
    let near = x + CURSOR_REACH > area.x && x - CURSOR_REACH < area.x + width;
    near.then(|| span(area, y - CURSOR_REACH, y + CURSOR_REACH)).flatten()
}

/// A damage object on `drawable` reporting when its damage becomes
/// non-empty, a region to take its parts into, and (with `cursor_on`) cursor
/// shape notifications on that root window.
fn watch_damage(conn: &RustConnection, drawable: Window, cursor_on: Option<Window>) -> Option<(Damage, Region)> {
    conn.damage_query_version(1, 1).ok()?.reply().ok()?;
    conn.xfixes_query_version(5, 0).ok()?.reply().ok()?;
    let damage = conn.generate_id().ok()?;
    conn.damage_create(damage, drawable, ReportLevel::NON_EMPTY).ok()?.check().ok()?;
    let parts = conn.generate_id().ok()?;
    conn.xfixes_create_region(parts, &[]).ok()?.check().ok()?;
    if let Some(root) = cursor_on {
        conn.xfixes_select_cursor_input(root, CursorNotifyMask::DISPLAY_CURSOR).ok()?.check().ok()?;
    }
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
    fn rows_are_the_areas_own_and_the_cursor_reaches_around_the_pointer() {
        let area = Rect { x: 100, y: 100, width: 200, height: 100 };
        assert_eq!(span(area, 90, 120), Some(0..20));
        assert_eq!(span(area, 190, 400), Some(90..100));
        assert_eq!(span(area, 0, 100), None);
        assert_eq!(around(area, (150, 150)), Some(0..100));
        assert_eq!(around(area, (150, 80)), Some(0..44));
        assert_eq!(around(area, (400, 150)), None, "too far right to show");
    }
}
