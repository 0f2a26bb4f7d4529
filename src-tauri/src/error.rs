//! The shell's one error type. Commands return it; it crosses to the web UI
//! as `{ kind, message }`, where `message` is the crate's own sentence (what
//! was wrong) followed by what to do in the app's terms, when there is
//! something (`Error::hint`: the crates name no client's flags or screens),
//! and `kind` lets a page react to a case.

use serde::{Serialize, Serializer, ser::SerializeStruct};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Library(#[from] afterword_library::Error),
    #[error(transparent)]
    Recorder(#[from] afterword_media::RecorderError),
    #[error(transparent)]
    Device(#[from] afterword_media::DeviceError),
    #[error(transparent)]
    Recording(#[from] afterword_recording::Error),
    #[error(transparent)]
    Share(#[from] afterword_share::SetupError),
    #[error(transparent)]
    Transcripts(#[from] afterword_transcripts::Error),
    #[error(transparent)]
    Editing(#[from] afterword_editing::Error),
    #[error(transparent)]
    Storage(#[from] afterword_storage::StorageError),
    #[error("cannot set the link password: {0}")]
    Password(#[from] afterword_share::PasswordError),
    #[error(transparent)]
    Link(afterword_share::LinkError),
    #[error(transparent)]
    Settings(#[from] crate::settings::SettingsError),
    #[error("the share server cannot listen on {addr}: {source}. Pick another port in Settings")]
    ShareBind { addr: std::net::SocketAddr, source: std::io::Error },
    #[error("{what}: {source}")]
    Io { what: String, source: std::io::Error },
    #[error("{0}")]
    Tauri(#[from] tauri::Error),
    #[error("cannot copy to the clipboard: {0}. Copy the link from the clip page instead")]
    Clipboard(String),
    #[error("this clip is being transcribed now; ask again once it has finished")]
    TranscriptRunning,
    #[error("hotkey {shortcut:?} cannot be registered: {reason}. Pick another in Settings")]
    Hotkey { shortcut: String, reason: String },
    #[error(
        "{shortcut} is already taken by another program or the desktop ({reason}); press another combination. \
         The hotkeys you had still work"
    )]
    HotkeyTaken { shortcut: String, reason: String },
}

impl Error {
    /// A short, stable name for the case, for pages that react to it.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Library(e) if e.is_user_error() => "invalid",
            Error::Library(_) => "library",
            Error::Recorder(_) => "recorder",
            Error::Device(_) => "device",
            Error::Recording(afterword_recording::Error::Library(e)) if e.is_user_error() => "invalid",
            Error::Recording(afterword_recording::Error::Library(_)) => "library",
            Error::Recording(_) => "recorder",
            Error::Transcripts(e) if e.is_user_error() => "invalid",
            Error::Transcripts(_) => "transcripts",
            Error::Editing(e) if e.is_user_error() => "invalid",
            Error::Editing(_) => "editing",
            Error::TranscriptRunning => "invalid",
            Error::Storage(e) => storage_kind(e),
            Error::Share(_) | Error::Password(_) | Error::Link(_) | Error::ShareBind { .. } => "share",
            Error::Settings(_) => "settings",
            Error::Io { .. } => "io",
            Error::Tauri(_) => "shell",
            Error::Clipboard(_) => "clipboard",
            Error::Hotkey { .. } => "hotkey",
            Error::HotkeyTaken { .. } => "hotkey_taken",
        }
    }

    /// What to do about it in this app (its pages and settings), for the
    /// cases where the crate's sentence can't say: it doesn't know the app.
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            Error::Library(e) | Error::Recording(afterword_recording::Error::Library(e)) => library_hint(e),
            Error::Device(e) | Error::Recording(afterword_recording::Error::Device(e)) => device_hint(e),
            Error::Transcripts(e) => transcripts_hint(e),
            Error::Editing(afterword_editing::Error::Library(e)) => library_hint(e),
            Error::Storage(e) => storage_hint(e),
            _ => None,
        }
    }

    /// The sentence a page shows: the error, then the app's hint.
    pub fn message(&self) -> String {
        match self.hint() {
            Some(hint) => format!("{self}. {hint}"),
            None => self.to_string(),
        }
    }

    pub(crate) fn io(what: impl Into<String>) -> impl FnOnce(std::io::Error) -> Error {
        let what = what.into();
        move |source| Error::Io { what, source }
    }
}

impl Serialize for Error {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut s = serializer.serialize_struct("Error", 2)?;
        s.serialize_field("kind", self.kind())?;
        s.serialize_field("message", &self.message())?;
        s.end()
    }
}

fn library_hint(e: &afterword_library::Error) -> Option<&'static str> {
    match e {
        afterword_library::Error::NotWritable { .. } => Some("Choose another library folder in Settings"),
        _ => None,
    }
}

/// What failed at a storage target, in the words the Settings and Clip
/// pages put above the message: credentials, bucket, or no answer.
fn storage_kind(e: &afterword_storage::StorageError) -> &'static str {
    use afterword_storage::StorageError as S;
    match e {
        S::NoCredentials { .. } | S::NoProfile { .. } | S::BadCredentials { .. } => "storage_credentials",
        S::NoBucket { .. } => "storage_bucket",
        S::Unreachable { .. } => "storage_unreachable",
        S::Interrupted { .. } => "storage_interrupted",
        S::QuotaExceeded { .. } => "storage_full",
        S::Library(e) if !e.is_user_error() => "library",
        S::Store(_) | S::Io { .. } | S::BadMetadata { .. } | S::ObjectMissing { .. } => "storage",
        _ => "invalid",
    }
}

fn storage_hint(e: &afterword_storage::StorageError) -> Option<&'static str> {
    use afterword_storage::StorageError as S;
    match e {
        S::Library(e) => library_hint(e),
        S::NoCredentials { .. } => {
            Some("Start Afterword with those variables set, or remove the target in Settings and add it with a profile")
        }
        S::NoProfile { .. } | S::BadCredentials { .. } => {
            Some("Team storage in Settings shows the target's profile; remove it and add it again to change it")
        }
        S::NoBucket { .. } | S::Unreachable { .. } => {
            Some("Team storage in Settings shows the target; remove it and add it again to change it")
        }
        S::Interrupted { .. } => Some("Press Publish again to resume: the parts already sent are kept"),
        _ => None,
    }
}

fn device_hint(e: &afterword_media::DeviceError) -> Option<&'static str> {
    use afterword_media::DeviceError;
    match e {
        DeviceError::NoMicrophone => Some("To record without one, choose “No microphone” on the Record page"),
        DeviceError::UnknownMicrophone { .. } => Some("Choose another microphone on the Record page or in Settings"),
        DeviceError::NoSystemAudio => Some("Untick “Also record system audio” on the Record page"),
        #[cfg(target_os = "linux")]
        DeviceError::Camera(_) => Some("Choose another camera, or “No camera”, on the Record page"),
        _ => None,
    }
}

fn transcripts_hint(e: &afterword_transcripts::Error) -> Option<&'static str> {
    use afterword_transcripts::{EngineError, Error};
    match e {
        Error::Library(e) => library_hint(e),
        Error::NoModel => Some("Add a speech model in Settings"),
        Error::NoDefaultModel { .. } => Some("Make one of them the default in Settings"),
        Error::UnknownModel { .. } => Some("Choose an installed model, or add it in Settings"),
        Error::ModelNameTaken { .. } => Some("Give the new one another name, or remove the old one in Settings"),
        Error::Engine(EngineError::Model { .. }) => Some("Choose a ggml model file (ggml-*.bin)"),
        Error::Engine(EngineError::EnglishOnly { .. }) => {
            Some("Choose the language “auto” or “en”, or a multilingual model in Settings")
        }
        _ => None,
    }
}

/// The shape a page receives when a command fails.
#[derive(Debug, Clone, serde::Serialize, specta::Type)]
pub struct ErrorView {
    pub kind: String,
    pub message: String,
}

impl specta::Type for Error {
    fn definition(types: &mut specta::Types) -> specta::datatype::DataType {
        ErrorView::definition(types)
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_cross_to_the_page_as_kind_and_message() {
        let json =
            serde_json::to_value(Error::Recording(afterword_recording::Error::NotRecording)).expect("serializes");
        assert_eq!(json["kind"], "recorder");
        assert_eq!(json["message"], "nothing is being recorded; start a recording first");
    }

    #[test]
    fn the_page_gets_the_apps_hint_and_no_cli_flag() {
        let json =
            serde_json::to_value(Error::Device(afterword_media::DeviceError::UnknownMicrophone { name: "USB".into() }))
                .expect("serializes");
        assert_eq!(json["kind"], "device");
        let message = json["message"].as_str().expect("a message");
        assert!(message.starts_with("microphone \"USB\" not found"), "{message}");
        assert!(message.ends_with("Choose another microphone on the Record page or in Settings"), "{message}");
        assert!(!message.contains("--") && !message.contains("afterword "), "{message}");

        let recording =
            Error::Recording(afterword_recording::Error::Device(afterword_media::DeviceError::NoMicrophone));
        assert!(recording.message().contains("“No microphone”"), "{}", recording.message());

        let camera = afterword_media::CameraError::Unknown { name: "fakecam".into(), known: "none".into() };
        let gone = Error::Recording(afterword_recording::Error::Device(camera.into()));
        assert!(gone.message().starts_with("no camera named \"fakecam\""), "{}", gone.message());
        assert!(
            gone.message().ends_with("Choose another camera, or “No camera”, on the Record page"),
            "{}",
            gone.message()
        );
    }

    #[test]
    fn a_missing_speech_model_points_to_settings() {
        let json = serde_json::to_value(Error::Transcripts(afterword_transcripts::Error::NoModel)).expect("serializes");
        assert_eq!(json["kind"], "invalid");
        assert_eq!(json["message"], "no speech model is installed. Add a speech model in Settings");
    }

    #[test]
    fn a_failing_target_says_what_failed_and_where_to_change_it() {
        use afterword_storage::StorageError;
        let e =
            Error::Storage(StorageError::Unreachable { target: "team".into(), endpoint: "http://127.0.0.1:1".into() });
        let json = serde_json::to_value(&e).expect("serializes");
        assert_eq!(json["kind"], "storage_unreachable");
        let message = json["message"].as_str().expect("a message");
        assert!(message.starts_with("http://127.0.0.1:1 does not answer"), "{message}");
        assert!(
            message.ends_with("Team storage in Settings shows the target; remove it and add it again to change it")
        );
        let creds = Error::Storage(StorageError::NoCredentials { target: "team".into() });
        assert_eq!(creds.kind(), "storage_credentials");
        assert!(!creds.message().contains("--"), "{}", creds.message());
    }

    #[test]
    fn errors_without_an_app_hint_are_the_crates_sentence() {
        let e = Error::Library(afterword_library::Error::Busy);
        assert_eq!(e.message(), e.to_string());
    }
}
