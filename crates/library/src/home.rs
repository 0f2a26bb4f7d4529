//! Where the library lives: `AFTERWORD_HOME` if set, else the platform data
//! directory (`~/.local/share/afterword` on Linux).

use std::path::PathBuf;

use crate::error::{Error, Result};

/// The environment variable that overrides the library's location.
pub const HOME_ENV: &str = "AFTERWORD_HOME";

/// The library home to use when the caller names none.
pub fn default_home() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os(HOME_ENV).filter(|v| !v.is_empty()) {
        return Ok(PathBuf::from(dir));
    }
    directories::ProjectDirs::from("", "", "afterword").map(|dirs| dirs.data_dir().to_path_buf()).ok_or(Error::NoHome)
}
