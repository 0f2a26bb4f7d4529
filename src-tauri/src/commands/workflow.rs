//! The async workflow's pages: documents with clips embedded, threads with
//! urgency and due times, the inbox, people and their working calendars,
//! expectations, folders and filtered search. Each command takes the shell's
//! state, calls the library and maps the error; the shapes are in `views`.

pub(super) mod documents;
pub(super) mod inbox;
pub(super) mod people;
pub(super) mod search;
pub(super) mod threads;
pub mod views;
