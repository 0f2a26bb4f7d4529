//! What goes wrong transcribing a clip, in words for anyone; the CLI and the
//! app add what to do.

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Library(#[from] afterword_library::Error),
    #[error(transparent)]
    Engine(#[from] afterword_transcribe::Error),
    #[error("no speech model is installed")]
    NoModel,
    #[error("no model is called {name:?} (installed: {})", list(installed))]
    UnknownModel { name: String, installed: Vec<String> },
    #[error("several models are installed ({}) and none is the default", list(installed))]
    NoDefaultModel { installed: Vec<String> },
    #[error("a model called {name:?} is already installed")]
    ModelNameTaken { name: String },
    #[error("{given:?} is not a usable model name; use 1-64 letters, digits, '.', '-' or '_'")]
    BadModelName { given: String },
    #[error("{}: {source}", path.display())]
    Io { path: std::path::PathBuf, source: std::io::Error },
}

fn list(names: &[String]) -> String {
    if names.is_empty() { "none".into() } else { names.join(", ") }
}

impl Error {
    /// The caller's input (not the machine) is at fault: exit 2, or a 4xx.
    pub fn is_user_error(&self) -> bool {
        match self {
            Error::Library(e) => e.is_user_error(),
            Error::Engine(e) => matches!(
                e,
                afterword_transcribe::Error::NoAudio { .. }
                    | afterword_transcribe::Error::Model { .. }
                    | afterword_transcribe::Error::EnglishOnly { .. }
            ),
            Error::NoModel
            | Error::UnknownModel { .. }
            | Error::NoDefaultModel { .. }
            | Error::ModelNameTaken { .. }
            | Error::BadModelName { .. } => true,
            Error::Io { .. } => false,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
