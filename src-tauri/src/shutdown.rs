//! Closing and quitting. Closing the main window keeps the app in the tray
//! (hotkeys keep working); only Quit ends it, and a recording in progress is
//! stopped and saved first rather than lost. A transcription in progress is
//! cancelled and its clip handed back pending (`transcriber.rs`), so the
//! next start resumes it.

/// What to do when a window's close button is pressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseDecision {
    /// Hide it; the app stays in the tray.
    HideToTray,
    /// Let it close (helper windows such as the floating control).
    Close,
}

pub fn on_close_requested(window_label: &str) -> CloseDecision {
    if window_label == crate::windows::MAIN { CloseDecision::HideToTray } else { CloseDecision::Close }
}

/// Whether the process may end when the runtime asks (`code` is `None` when
/// the last window closed, `Some` for an explicit exit).
pub fn may_exit(code: Option<i32>, quitting: bool) -> bool {
    quitting || code.is_some()
}

/// Quitting while recording stops the recording first so the clip is saved
/// (a countdown has recorded nothing and is simply abandoned).
pub fn stop_before_quit(phase: crate::control::Phase) -> bool {
    use crate::control::Phase;
    matches!(phase, Phase::Recording | Phase::Paused)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::control::Phase;

    #[test]
    fn closing_the_main_window_keeps_the_app_in_the_tray() {
        assert_eq!(on_close_requested("main"), CloseDecision::HideToTray);
        assert_eq!(on_close_requested("control"), CloseDecision::Close);
    }

    #[test]
    fn the_last_window_closing_does_not_end_the_app_but_quit_does() {
        assert!(!may_exit(None, false));
        assert!(may_exit(None, true));
        assert!(may_exit(Some(0), false));
    }

    #[test]
    fn quitting_mid_recording_saves_the_clip_first() {
        assert!(stop_before_quit(Phase::Recording));
        assert!(stop_before_quit(Phase::Paused));
        assert!(!stop_before_quit(Phase::Countdown));
        assert!(!stop_before_quit(Phase::Idle));
    }
}
