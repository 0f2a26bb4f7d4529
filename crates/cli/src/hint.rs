//! What to do next, in the CLI's words. The crates' errors say what was wrong
//! and name no client's flags (the desktop app shows the same errors); this
//! reads the error's variant and adds the flag or command that fixes it, so
//! `main` prints one line: `error: <what was wrong>; <hint>`.

use afterword_library::Error as LibraryError;
use afterword_media::{DeviceError, EncodeError, RecorderError, SourceError};
use afterword_storage::StorageError;

/// The first hint any error in `e`'s chain has, in CLI terms.
pub fn for_error(e: &anyhow::Error) -> Option<String> {
    e.chain().find_map(|cause| {
        if let Some(e) = cause.downcast_ref::<LibraryError>() {
            library(e)
        } else if let Some(e) = cause.downcast_ref::<StorageError>() {
            storage(e)
        } else if let Some(e) = cause.downcast_ref::<afterword_recording::Error>() {
            recording(e)
        } else if let Some(e) = cause.downcast_ref::<afterword_transcripts::Error>() {
            transcripts(e)
        } else if let Some(e) = cause.downcast_ref::<afterword_editing::Error>() {
            editing(e)
        } else if let Some(e) = cause.downcast_ref::<RecorderError>() {
            recorder(e)
        } else if let Some(e) = cause.downcast_ref::<DeviceError>() {
            device(e)
        } else if let Some(e) = cause.downcast_ref::<SourceError>() {
            source(e)
        } else if let Some(e) = cause.downcast_ref::<EncodeError>() {
            encode(e)
        } else {
            None
        }
    })
}

/// `error: <message>` with the hint after a semicolon, on one line.
pub fn error_line(e: &anyhow::Error) -> String {
    match for_error(e) {
        Some(hint) => format!("error: {e:#}; {hint}"),
        None => format!("error: {e:#}"),
    }
}

fn library(e: &LibraryError) -> Option<String> {
    let hint = match e {
        LibraryError::NotFound { kind, .. } => return list_command(kind),
        LibraryError::RangeBackwards { .. } => "put the later time in --to (--end for a trim)",
        LibraryError::EditTooShort { .. } => "`afterword clips edits CLIP` shows what plays now",
        LibraryError::NotAMember { .. } => "add them to the team with `afterword people add`",
        LibraryError::NotWritable { .. } => "choose another folder with --library or AFTERWORD_HOME",
        LibraryError::NoTranscript { .. } => "`afterword transcribe CLIP` makes one",
        LibraryError::NoSegment { .. } => "`afterword transcript show CLIP` lists the lines with their times",
        _ => return None,
    };
    Some(hint.to_owned())
}

/// Where a person finds the ids of a kind of thing.
fn list_command(kind: &str) -> Option<String> {
    let hint = match kind {
        "clip" => "`afterword clips list` shows the ids",
        "document" => "`afterword docs list` shows the ids",
        "thread" => "`afterword threads list` shows the ids",
        "comment" => "`afterword comment list CLIP` shows the ids",
        "link" => "`afterword share list` shows the ids",
        "member" => "`afterword people list` shows the team",
        "storage target" => "`afterword storage list` shows the targets",
        _ => return None,
    };
    Some(hint.to_owned())
}

fn storage(e: &StorageError) -> Option<String> {
    let hint = match e {
        StorageError::Library(e) => return library(e),
        StorageError::NoCredentials { .. } => "add the target again with --profile NAME to give it one",
        StorageError::NoProfile { .. } => "pick another with --profile",
        StorageError::Unreachable { .. } => "the endpoint was set with --endpoint; `afterword storage list` shows it",
        _ => return None,
    };
    Some(hint.to_owned())
}

/// The recording crate wraps the media and library errors transparently, so
/// they are not causes of their own in the chain.
fn recording(e: &afterword_recording::Error) -> Option<String> {
    match e {
        afterword_recording::Error::Library(e) => library(e),
        afterword_recording::Error::Device(e) => device(e),
        afterword_recording::Error::Recorder(e) => recorder(e),
        _ => None,
    }
}

/// A failed render leaves the edit saved (it is data) and the clip waiting
/// for its file.
fn editing(e: &afterword_editing::Error) -> Option<String> {
    use afterword_editing::Error as E;
    match e {
        E::Library(e) => library(e),
        E::Render(_) | E::Io { .. } | E::KeptChanging { .. } => {
            Some("the edit is saved; `afterword clips render CLIP` makes its file again".to_owned())
        }
    }
}

fn transcripts(e: &afterword_transcripts::Error) -> Option<String> {
    use afterword_transcripts::Error as E;
    let hint = match e {
        E::Library(e) => return library(e),
        E::NoModel => {
            "install one with `afterword models add FILE` (a whisper.cpp ggml file; scripts/models.sh makes them)"
        }
        E::UnknownModel { .. } => "`afterword models list` shows the installed models",
        E::NoDefaultModel { .. } => "choose one with `afterword models default NAME` or --model",
        E::ModelNameTaken { .. } => "pick another with --name, or `afterword models remove NAME` first",
        E::Engine(afterword_transcripts::EngineError::EnglishOnly { .. }) => {
            "transcribe with a multilingual model (--model), or --language en"
        }
        _ => return None,
    };
    Some(hint.to_owned())
}

fn recorder(e: &RecorderError) -> Option<String> {
    match e {
        RecorderError::Encode(e) => encode(e),
        _ => None,
    }
}

fn device(e: &DeviceError) -> Option<String> {
    let hint = match e {
        DeviceError::UnknownWindow { .. } => "`afterword devices` lists the windows",
        DeviceError::UnknownMonitor { .. } => "`afterword devices` lists the monitors",
        DeviceError::UnknownMicrophone { .. } => "`afterword devices` lists the microphones",
        DeviceError::NoMicrophone => "to record without one, use --no-mic",
        DeviceError::NoSystemAudio => "record without --system-audio",
        DeviceError::Open { .. } => "`afterword devices` lists what can be recorded",
        DeviceError::PortalArea => "record the whole screen, or use --backend x11 for an X11 program's window",
        #[cfg(target_os = "linux")]
        DeviceError::Portal(e) => return portal(e),
        #[cfg(target_os = "linux")]
        DeviceError::Camera(afterword_media::CameraError::Unknown { .. }) => "`afterword devices` lists the cameras",
        #[cfg(target_os = "linux")]
        DeviceError::Camera(afterword_media::CameraError::NotPipeWire { .. }) => {
            "choose a PipeWire camera from `afterword devices` (PipeWire's camera portal or pipewire-v4l2 carries V4L2 cameras)"
        }
        #[cfg(target_os = "linux")]
        DeviceError::Camera(_) => "check that PipeWire is running; `afterword devices` lists the cameras",
        _ => return None,
    };
    Some(hint.to_owned())
}

#[cfg(target_os = "linux")]
fn portal(e: &afterword_media::PortalError) -> Option<String> {
    use afterword_media::PortalError;
    let hint = match e {
        PortalError::Cancelled | PortalError::Refused => "run `afterword record` again and choose a screen to share",
        PortalError::Unavailable { .. } => {
            "install xdg-desktop-portal and your desktop's backend (GNOME: -gnome, KDE: -kde, sway/wlroots: -wlr) and PipeWire"
        }
        PortalError::Timeout { .. } => "answer the screen-sharing dialog, or check that xdg-desktop-portal is running",
        _ => "`afterword doctor` says which backend records; --backend x11 records XWayland's X11 programs only",
    };
    Some(hint.to_owned())
}

fn source(e: &SourceError) -> Option<String> {
    match e {
        SourceError::Open { .. } => Some("`afterword devices` lists what can be recorded".to_owned()),
        _ => None,
    }
}

fn encode(e: &EncodeError) -> Option<String> {
    match e {
        // Not said by `doctor` itself: it lists encoders, not this error.
        EncodeError::Unavailable { .. } => Some("`afterword doctor` shows which encoders open".to_owned()),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_backwards_range_is_told_to_use_to() {
        let e = anyhow::Error::from(LibraryError::RangeBackwards { start_ms: 5000, end_ms: 2000 });
        let line = error_line(&e);
        assert!(line.starts_with("error: the range ends at 0:02 before it starts at 0:05"), "{line}");
        assert!(line.ends_with("; put the later time in --to (--end for a trim)"), "{line}");
        assert_eq!(line.lines().count(), 1);
    }

    #[test]
    fn hints_are_found_through_context_and_wrappers() {
        let e = anyhow::Error::from(StorageError::Library(LibraryError::NotFound {
            kind: "storage target",
            id: "nowhere".into(),
        }))
        .context("cannot publish");
        assert_eq!(for_error(&e).as_deref(), Some("`afterword storage list` shows the targets"));
        let e = anyhow::Error::from(afterword_recording::Error::Device(DeviceError::NoMicrophone));
        assert_eq!(for_error(&e).as_deref(), Some("to record without one, use --no-mic"));
    }

    #[test]
    fn an_error_without_a_hint_is_its_message_alone() {
        let e = anyhow::Error::from(LibraryError::Busy);
        assert_eq!(error_line(&e), format!("error: {e:#}"));
    }
}
