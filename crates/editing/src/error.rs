use std::path::PathBuf;

/// What went wrong bringing a clip's playing file up to date with its edit.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Library(#[from] afterword_library::Error),
    #[error("the edit could not be rendered: {0}")]
    Render(#[from] afterword_media::RenderError),
    #[error("cannot use {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("the edit of clip {clip} kept changing while it was rendered; render it again when it is done")]
    KeptChanging { clip: String },
}

impl Error {
    /// The person's mistake (an unknown clip, one still recording), not a
    /// fault of the machine.
    pub fn is_user_error(&self) -> bool {
        matches!(self, Error::Library(e) if e.is_user_error())
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
