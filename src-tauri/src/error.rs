//! The shell's one error type. Commands return it; it crosses to the web UI
//! as `{ kind, message }`, where `message` is the crate's own sentence (which
//! already says what to do next) and `kind` lets a page react to a case.

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
    #[error("cannot set the link password: {0}")]
    Password(#[from] afterword_share::PasswordError),
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
    #[error("hotkey {shortcut:?} cannot be registered: {reason}. Pick another in Settings")]
    Hotkey { shortcut: String, reason: String },
    #[error("nothing is being recorded; start a recording first")]
    NotRecording,
    #[error("a recording is already running; stop it first")]
    AlreadyRecording,
}

impl Error {
    /// A short, stable name for the case, for pages that react to it.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Library(e) if e.is_user_error() => "invalid",
            Error::Library(_) => "library",
            Error::Recorder(_) | Error::NotRecording | Error::AlreadyRecording => "recorder",
            Error::Device(_) => "device",
            Error::Recording(afterword_recording::Error::Library(e)) if e.is_user_error() => "invalid",
            Error::Recording(afterword_recording::Error::Library(_)) => "library",
            Error::Recording(_) => "recorder",
            Error::Share(_) | Error::Password(_) | Error::ShareBind { .. } => "share",
            Error::Settings(_) => "settings",
            Error::Io { .. } => "io",
            Error::Tauri(_) => "shell",
            Error::Clipboard(_) => "clipboard",
            Error::Hotkey { .. } => "hotkey",
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
        s.serialize_field("message", &self.to_string())?;
        s.end()
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
        let json = serde_json::to_value(Error::NotRecording).expect("serializes");
        assert_eq!(json["kind"], "recorder");
        assert_eq!(json["message"], "nothing is being recorded; start a recording first");
    }
}
