//! Editing a clip, the same for the CLI and the app. An edit is the library's
//! data (the kept ranges of the original, never changed); this crate makes
//! and keeps the file that plays it: rendered by `media` once per revision of
//! the edit into the library's `renders/` folder, filed in the library, and
//! the render of an earlier revision removed.
//!
//! ```text
//! settle(clip)      what plays the clip, rendering its current edit first if it has none
//! settle_waiting()  every clip with render work (the app's and `serve`'s worker)
//! ```
//!
//! One render at a time per library, across processes (`renders/.lock`):
//! two processes asked for the same render make it once, and whoever holds
//! the lock knows every `.partial` it finds was left by a killed render.

mod error;
mod render;

pub use error::{Error, Result};
pub use render::{Made, Settled, audio_cut_for, settle, settle_waiting};
