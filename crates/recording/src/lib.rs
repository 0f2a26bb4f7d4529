//! A recording's life, from the request to the kept clip, the same for the
//! CLI and the desktop app. `media` makes files and `library` keeps rows,
//! and neither may know the other; this crate is where they meet:
//!
//! ```text
//! Armed::open(Request)  choose and open the screen and microphone; nothing written yet
//!   Armed::open_on(..)  the same on a chosen backend (x11, portal) with the portal's restore token
//! Armed::start(lib)     row `recording`, media <home>/clips/<id>.mp4 ──► Recorder writes <id>.mp4.partial
//! Session::stop()       capture stops, the file is finalized (Finalizing) ──► Stopped
//! Stopped::file(lib)    row `ready` with duration, size, thumbnail, capture facts; then attach/post ──► Kept
//! Session::discard(lib) nothing kept: the partial and the row go
//! Slot                  one recording at a time, observable from any thread (the app's controls)
//! recover()             start-up: every unlocked .partial ──► row `recovered` (or gone, if nothing was playable)
//! import()              an existing video ──► a `ready` clip
//! (both)                the transcript queued when the library transcribes by itself (afterword-transcripts)
//! ```
//!
//! Whatever happens, no row points at a missing file and no file in the clips
//! folder is unknown to the library once [`recover`] has run.

mod error;
mod facts;
mod import;
mod recover;
mod request;
mod screen;
mod session;
mod slot;
mod take;

pub use error::{Error, Result};
pub use import::{Imported, import};
pub use recover::{Recovery, recover};
pub use request::{Request, Then, choose_microphone, window_title};
pub use screen::ScreenChoice;
pub use session::{Armed, Kept, Session, Stopped};
pub use slot::{Slot, Status};
