//! The app's settings: what a person chooses once (library folder, devices,
//! quality, hotkeys, sharing, start at login). Kept as JSON in the app's
//! config folder; a missing file means defaults, a damaged one is reported
//! and left as it is rather than overwritten.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Everything on the Settings page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(default)]
pub struct Settings {
    /// The library folder; `None` uses `AFTERWORD_HOME` or the platform data dir.
    pub library_folder: Option<String>,
    /// The microphone by name; `None` is the system default.
    pub microphone: Option<String>,
    /// Record the microphone at all.
    pub record_microphone: bool,
    /// Also record what the computer plays (where the platform allows).
    pub system_audio: bool,
    pub fps: u32,
    /// Cap on the clip's width in pixels; 0 keeps the native width.
    pub max_width: u32,
    pub countdown_secs: u32,
    /// Start or stop recording, e.g. `Ctrl+Shift+R`.
    pub hotkey_record: String,
    /// Pause or resume, e.g. `Ctrl+Shift+P`.
    pub hotkey_pause: String,
    /// Where people reach the share server; `None` is the address it listens on.
    pub share_base_url: Option<String>,
    /// Listen on every interface instead of loopback only.
    pub serve_lan: bool,
    pub share_port: u16,
    pub start_at_login: bool,
    /// The camera: none, a bubble over the screen, or alone.
    pub camera: CameraSettings,
}

/// The camera a recording shows, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(default)]
pub struct CameraSettings {
    /// The camera by name (as `afterword devices` lists it); `None` records none.
    pub name: Option<String>,
    /// Record the camera alone instead of the screen.
    pub alone: bool,
    /// The bubble's corner when the recording starts (it can be dragged after).
    pub corner: BubbleCorner,
    /// The bubble's width and height in pixels.
    pub size: u32,
    /// A circle, or else a rounded square.
    pub circle: bool,
    /// Flip left and right, as a mirror shows a face.
    pub mirror: bool,
}

impl Default for CameraSettings {
    fn default() -> Self {
        let bubble = afterword_media::Bubble::default();
        CameraSettings {
            name: None,
            alone: false,
            corner: BubbleCorner::BottomRight,
            size: bubble.size,
            circle: true,
            mirror: true,
        }
    }
}

/// A screen corner for the bubble.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum BubbleCorner {
    TopLeft,
    TopRight,
    BottomLeft,
    #[default]
    BottomRight,
}

impl CameraSettings {
    /// The recording's camera, if one is chosen: alone, or a bubble whose
    /// handle moves it while recording.
    pub fn choice(&self) -> Option<afterword_media::CameraChoice> {
        use afterword_media::{Bubble, CameraChoice, CameraUse, Corner, Shape};
        let name = self.name.as_deref().map(str::trim).filter(|n| !n.is_empty())?;
        let corner = match self.corner {
            BubbleCorner::TopLeft => Corner::TopLeft,
            BubbleCorner::TopRight => Corner::TopRight,
            BubbleCorner::BottomLeft => Corner::BottomLeft,
            BubbleCorner::BottomRight => Corner::BottomRight,
        };
        let shape = if self.circle { Shape::Circle } else { Shape::Rounded };
        let use_ = if self.alone {
            CameraUse::Only
        } else {
            CameraUse::Bubble(Bubble { corner, at: None, size: self.size, shape, mirror: self.mirror }.into())
        };
        Some(CameraChoice { name: name.to_owned(), use_ })
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            library_folder: None,
            microphone: None,
            record_microphone: true,
            system_audio: false,
            fps: 30,
            max_width: 1920,
            countdown_secs: 3,
            hotkey_record: "Ctrl+Shift+R".into(),
            hotkey_pause: "Ctrl+Shift+P".into(),
            share_base_url: None,
            serve_lan: false,
            share_port: afterword_share::DEFAULT_PORT,
            start_at_login: false,
            camera: CameraSettings::default(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SettingsError {
    #[error("cannot read settings from {path}: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("the settings file {path} is damaged ({source}); fix or delete it to start from defaults")]
    Damaged { path: String, source: serde_json::Error },
    #[error("cannot save settings to {path}: {source}")]
    Write { path: String, source: std::io::Error },
    #[error("fps must be between 1 and 120 (30 is the default)")]
    Fps,
    #[error("the camera bubble must be {min} to {max} pixels wide", min = afterword_media::BUBBLE_SIZES.start(), max = afterword_media::BUBBLE_SIZES.end())]
    BubbleSize,
    #[error("the two hotkeys must differ")]
    SameHotkeys,
    /// The share crate's check, in the words of the Settings field.
    #[error("the share base URL must start with http:// or https://")]
    BaseUrl(#[source] afterword_share::BaseUrlError),
    #[error("cannot use {path} as the library folder ({source}); pick a folder you can write to")]
    LibraryFolder { path: String, source: std::io::Error },
}

impl Settings {
    /// Checks what the form cannot check by itself.
    pub fn validate(&self) -> Result<(), SettingsError> {
        if !(1..=120).contains(&self.fps) {
            return Err(SettingsError::Fps);
        }
        if !afterword_media::BUBBLE_SIZES.contains(&self.camera.size) {
            return Err(SettingsError::BubbleSize);
        }
        if self.hotkey_record.eq_ignore_ascii_case(&self.hotkey_pause) {
            return Err(SettingsError::SameHotkeys);
        }
        if let Some(url) = &self.share_base_url {
            afterword_share::check_base_url(url).map_err(SettingsError::BaseUrl)?;
        }
        Ok(())
    }

    /// The settings in `path`, or defaults when there is no file yet.
    pub fn load(path: &Path) -> Result<Self, SettingsError> {
        let shown = || path.display().to_string();
        match std::fs::read(path) {
            Ok(bytes) => {
                serde_json::from_slice(&bytes).map_err(|source| SettingsError::Damaged { path: shown(), source })
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Settings::default()),
            Err(source) => Err(SettingsError::Read { path: shown(), source }),
        }
    }

    /// Writes atomically (a temporary file renamed over the old one), so a
    /// crash mid-write never leaves half a file.
    pub fn save(&self, path: &Path) -> Result<(), SettingsError> {
        self.validate()?;
        let write = |source| SettingsError::Write { path: path.display().to_string(), source };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(write)?;
        }
        let tmp = path.with_extension("json.tmp");
        let json = serde_json::to_vec_pretty(self).map_err(std::io::Error::other).map_err(write)?;
        std::fs::write(&tmp, json).map_err(write)?;
        std::fs::rename(&tmp, path).map_err(write)
    }

    /// Refuses a library folder that cannot be created or written, so the
    /// next start does not fail on it. Creates the folder; leaves nothing else.
    pub fn check_library_folder(&self) -> Result<(), SettingsError> {
        let Some(folder) = self.library_folder.as_deref().filter(|f| !f.trim().is_empty()) else {
            return Ok(());
        };
        let path = Path::new(folder.trim());
        let refused = |source| SettingsError::LibraryFolder { path: path.display().to_string(), source };
        if !path.is_absolute() {
            return Err(refused(std::io::Error::other("not an absolute path")));
        }
        std::fs::create_dir_all(path).map_err(refused)?;
        let probe = path.join(".afterword-write-check");
        std::fs::write(&probe, b"").map_err(refused)?;
        std::fs::remove_file(&probe).map_err(refused)
    }

    /// The library folder these settings point at.
    pub fn library_home(&self) -> Result<PathBuf, afterword_library::Error> {
        match &self.library_folder {
            Some(folder) => Ok(PathBuf::from(folder)),
            None => afterword_library::default_home(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_file_means_defaults_with_the_documented_hotkeys() {
        let dir = tempfile::tempdir().expect("tempdir");
        let s = Settings::load(&dir.path().join("settings.json")).expect("defaults");
        assert_eq!((s.hotkey_record.as_str(), s.hotkey_pause.as_str()), ("Ctrl+Shift+R", "Ctrl+Shift+P"));
        assert_eq!((s.fps, s.max_width, s.serve_lan), (30, 1920, false));
    }

    #[test]
    fn saved_settings_load_back_and_missing_fields_take_defaults() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("nested/settings.json");
        let s = Settings { fps: 24, serve_lan: true, microphone: Some("USB".into()), ..Settings::default() };
        s.save(&path).expect("saved");
        assert_eq!(Settings::load(&path).expect("loads"), s);
        std::fs::write(&path, r#"{"fps": 15}"#).expect("write");
        assert_eq!(Settings::load(&path).expect("loads").max_width, 1920);
    }

    #[test]
    fn a_chosen_camera_is_a_bubble_or_alone_and_no_name_is_no_camera() {
        use afterword_media::{CameraUse, Corner, Shape};
        assert_eq!(CameraSettings::default().choice(), None);
        let chosen = CameraSettings {
            name: Some("fakecam".into()),
            corner: BubbleCorner::TopLeft,
            circle: false,
            ..CameraSettings::default()
        };
        let choice = chosen.choice().expect("a camera");
        let CameraUse::Bubble(live) = &choice.use_ else { panic!("a bubble: {choice:?}") };
        let bubble = live.get();
        assert_eq!(
            (bubble.corner, bubble.shape, bubble.size, bubble.mirror),
            (Corner::TopLeft, Shape::Rounded, 240, true)
        );
        let alone = CameraSettings { alone: true, ..chosen }.choice().expect("a camera");
        assert_eq!(alone.use_, CameraUse::Only);
    }

    #[test]
    fn a_damaged_file_is_reported_and_left_alone() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("settings.json");
        std::fs::write(&path, "{not json").expect("write");
        assert!(matches!(Settings::load(&path), Err(SettingsError::Damaged { .. })));
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "{not json");
    }

    #[test]
    fn invalid_choices_are_refused_before_saving() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("settings.json");
        let same = Settings { hotkey_pause: "ctrl+shift+r".into(), ..Settings::default() };
        assert!(matches!(same.save(&path), Err(SettingsError::SameHotkeys)));
        assert!(matches!(Settings { fps: 0, ..Settings::default() }.save(&path), Err(SettingsError::Fps)));
        let tiny = Settings { camera: CameraSettings { size: 8, ..CameraSettings::default() }, ..Settings::default() };
        assert!(matches!(tiny.save(&path), Err(SettingsError::BubbleSize)));
        assert!(!path.exists());
    }

    #[test]
    fn a_library_folder_that_cannot_be_written_is_refused() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("a-file");
        std::fs::write(&file, "").expect("write");
        let under_a_file =
            Settings { library_folder: Some(file.join("lib").display().to_string()), ..Settings::default() };
        let e = under_a_file.check_library_folder().expect_err("refused");
        assert!(e.to_string().starts_with("cannot use ") && !e.to_string().contains('\n'), "{e}");
        let fresh = dir.path().join("new/lib");
        let ok = Settings { library_folder: Some(fresh.display().to_string()), ..Settings::default() };
        ok.check_library_folder().expect("usable");
        assert!(fresh.is_dir() && std::fs::read_dir(&fresh).expect("read").next().is_none());
    }
}
