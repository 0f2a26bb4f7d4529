//! The inbox: what awaits my reply, what others owe me, what was resolved
//! this week.

use tauri::State;

use super::views::InboxView;
use crate::{error::Result, state::Shell};

/// My inbox as of now, due times in each person's own working hours.
#[tauri::command]
#[specta::specta]
pub fn inbox(shell: State<'_, Shell>) -> Result<InboxView> {
    InboxView::load(&shell.library(), jiff::Timestamp::now())
}
