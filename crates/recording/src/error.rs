use std::path::PathBuf;

use afterword_media::{DeviceError, FinalizeError, RecorderError};

/// What can go wrong between a request and a kept clip.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Library(#[from] afterword_library::Error),
    #[error(transparent)]
    Device(#[from] DeviceError),
    #[error(transparent)]
    Recorder(#[from] RecorderError),
    #[error(transparent)]
    Finalize(#[from] FinalizeError),
    #[error("cannot read the clips folder {}: {source}", path.display())]
    Folder { path: PathBuf, source: std::io::Error },
    #[error("a recording is already running; stop it first")]
    AlreadyRecording,
    #[error("nothing is being recorded; start a recording first")]
    NotRecording,
    #[error("the recording is being saved; wait a moment")]
    Finalizing,
}

impl Error {
    /// The person can fix it (a file that is no video, a wrong id, a missing device).
    pub fn is_user_error(&self) -> bool {
        match self {
            Error::Library(e) => e.is_user_error(),
            Error::Device(_) | Error::AlreadyRecording | Error::NotRecording | Error::Finalizing => true,
            Error::Finalize(FinalizeError::NeedsTranscode { .. } | FinalizeError::Probe(_)) => true,
            _ => false,
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
