//! The recorder's state reaches the pages as events, not polls: actions
//! send one on every change they make (`actions::follow_phase`), and a named
//! thread, `recorder-status`, sends the state five times a second whenever
//! it differs from the last it sent — while recording (the elapsed time and
//! level move), and once when something changes by itself (the disk filled,
//! the screen went away). An idle recorder sends nothing.

use std::time::Duration;

use tauri::{AppHandle, Manager};
use tauri_specta::Event;

use crate::{events::RecorderStatus, recording, state::Shell, views::RecorderView};

const TICK: Duration = Duration::from_millis(200);

pub fn spawn(app: &AppHandle) -> std::io::Result<()> {
    let app = app.clone();
    std::thread::Builder::new().name("recorder-status".into()).spawn(move || {
        let mut last: Option<RecorderView> = None;
        loop {
            std::thread::sleep(TICK);
            let view = recording::status(&app.state::<Shell>());
            if last.as_ref() != Some(&view) {
                if let Err(e) = (RecorderStatus { status: view.clone() }).emit(&app) {
                    tracing::debug!(error = %e, "recorder status not sent");
                }
                last = Some(view);
            }
        }
    })?;
    Ok(())
}
