//! What a control means right now. Every way of steering the recorder (the
//! Record page, the tray, a global hotkey, the floating control) turns into an
//! [`Intent`]; [`decide`] maps it and the recorder's [`Phase`] to one
//! [`Action`]. Plain data in, plain data out, so the rules are tested without
//! a window.

use afterword_media::RecorderState;
use serde::{Deserialize, Serialize};

/// Where the recorder is, as far as the controls care.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    Idle,
    Countdown,
    Recording,
    Paused,
    Finalizing,
}

impl Phase {
    /// The phase of a live recorder's state (a finished recorder is idle).
    pub fn of(state: &RecorderState) -> Phase {
        match state {
            RecorderState::Countdown { .. } => Phase::Countdown,
            RecorderState::Recording { .. } => Phase::Recording,
            RecorderState::Paused { .. } => Phase::Paused,
            RecorderState::Finalizing => Phase::Finalizing,
            RecorderState::Idle | RecorderState::Done | RecorderState::Failed { .. } => Phase::Idle,
        }
    }
}

/// What a person asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    /// The record hotkey or the tray's first item: start, or stop.
    ToggleRecord,
    /// The pause hotkey or the tray's second item: pause, or resume.
    TogglePause,
}

/// What the shell does about it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Start,
    Stop,
    /// Abandon a recording that has not begun (a second press during the countdown).
    Cancel,
    Pause,
    Resume,
    /// The intent means nothing now (pause while idle, anything while finalizing).
    Nothing,
}

pub fn decide(intent: Intent, phase: Phase) -> Action {
    match (intent, phase) {
        (_, Phase::Finalizing) => Action::Nothing,
        (Intent::ToggleRecord, Phase::Idle) => Action::Start,
        (Intent::ToggleRecord, Phase::Countdown) => Action::Cancel,
        (Intent::ToggleRecord, Phase::Recording | Phase::Paused) => Action::Stop,
        (Intent::TogglePause, Phase::Recording) => Action::Pause,
        (Intent::TogglePause, Phase::Paused) => Action::Resume,
        (Intent::TogglePause, Phase::Idle | Phase::Countdown) => Action::Nothing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_record_control_starts_then_stops() {
        assert_eq!(decide(Intent::ToggleRecord, Phase::Idle), Action::Start);
        assert_eq!(decide(Intent::ToggleRecord, Phase::Recording), Action::Stop);
        assert_eq!(decide(Intent::ToggleRecord, Phase::Paused), Action::Stop);
    }

    #[test]
    fn pressing_record_during_the_countdown_cancels() {
        assert_eq!(decide(Intent::ToggleRecord, Phase::Countdown), Action::Cancel);
    }

    #[test]
    fn pause_toggles_only_a_running_recording() {
        assert_eq!(decide(Intent::TogglePause, Phase::Recording), Action::Pause);
        assert_eq!(decide(Intent::TogglePause, Phase::Paused), Action::Resume);
        assert_eq!(decide(Intent::TogglePause, Phase::Idle), Action::Nothing);
        assert_eq!(decide(Intent::TogglePause, Phase::Countdown), Action::Nothing);
    }

    #[test]
    fn nothing_interrupts_finalizing() {
        assert_eq!(decide(Intent::ToggleRecord, Phase::Finalizing), Action::Nothing);
        assert_eq!(decide(Intent::TogglePause, Phase::Finalizing), Action::Nothing);
    }

    #[test]
    fn finished_or_failed_recorders_count_as_idle() {
        assert_eq!(Phase::of(&RecorderState::Done), Phase::Idle);
        assert_eq!(Phase::of(&RecorderState::Failed { reason: "x".into() }), Phase::Idle);
        assert_eq!(Phase::of(&RecorderState::Paused { elapsed_ms: 5 }), Phase::Paused);
    }
}
