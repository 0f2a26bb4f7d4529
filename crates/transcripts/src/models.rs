//! The speech models a library has: ggml files in `<home>/models/<name>.bin`,
//! each checked when it is added (a wrong or truncated file is refused then,
//! not at the first transcription), and the default one in the library's
//! transcription settings.

use std::{
    fs,
    io::Write,
    path::{Path, PathBuf},
};

use afterword_library::{Library, TranscriptionSettings};

use crate::error::{Error, Result};

/// An installed model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Model {
    pub name: String,
    pub path: PathBuf,
    /// `tiny.en`, `base`: what the file holds.
    pub kind: String,
    pub multilingual: bool,
    pub bytes: u64,
    pub default: bool,
}

/// The models folder of one library.
#[derive(Debug, Clone)]
pub struct Models {
    dir: PathBuf,
}

impl Models {
    pub fn of(lib: &Library) -> Models {
        Models { dir: lib.home().join("models") }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Every installed model, by name. A file that no longer reads as a model
    /// (damaged on disk) is left out, with a warning in the log.
    pub fn list(&self, lib: &Library) -> Result<Vec<Model>> {
        let default = lib.transcription_settings()?.model;
        let entries = match fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(source) => return Err(Error::Io { path: self.dir.clone(), source }),
        };
        let mut models = Vec::new();
        for entry in entries.flatten() {
            let path = entry.path();
            let Some(name) = path.file_name().and_then(|n| n.to_str()).and_then(|n| n.strip_suffix(".bin")) else {
                continue;
            };
            if name.starts_with('.') {
                continue;
            }
            models.extend(read_model(name, &path, default.as_deref()));
        }
        models.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(models)
    }

    /// Checks `file` and copies it in as `name` (by default the file's name
    /// without `ggml-` and `.bin`). The first model added is the default.
    pub fn add(&self, lib: &mut Library, file: &Path, name: Option<&str>) -> Result<Model> {
        let name = match name {
            Some(given) => checked_name(given)?,
            None => checked_name(&name_of(file))?,
        };
        afterword_transcribe::inspect(file)?;
        let dest = self.dir.join(format!("{name}.bin"));
        if dest.exists() {
            return Err(Error::ModelNameTaken { name });
        }
        fs::create_dir_all(&self.dir).map_err(|source| Error::Io { path: self.dir.clone(), source })?;
        // Copied beside its final name and renamed: a full disk or a kill
        // leaves no half a model under a model's name.
        let partial = self.dir.join(format!(".{name}.bin.partial"));
        let copied = copy_synced(file, &partial).and_then(|()| fs::rename(&partial, &dest));
        if let Err(source) = copied {
            let _ = fs::remove_file(&partial);
            return Err(Error::Io { path: dest, source });
        }
        let settings = lib.transcription_settings()?;
        if settings.model.is_none() || self.find(lib, settings.model.as_deref().unwrap_or_default()).is_err() {
            lib.set_transcription_settings(&TranscriptionSettings { model: Some(name.clone()), ..settings })?;
        }
        self.find(lib, &name)
    }

    /// Removes a model; if it was the default, no model is the default.
    pub fn remove(&self, lib: &mut Library, name: &str) -> Result<Model> {
        let model = self.find(lib, name)?;
        fs::remove_file(&model.path).map_err(|source| Error::Io { path: model.path.clone(), source })?;
        let settings = lib.transcription_settings()?;
        if settings.model.as_deref() == Some(name) {
            lib.set_transcription_settings(&TranscriptionSettings { model: None, ..settings })?;
        }
        Ok(Model { default: false, ..model })
    }

    /// Makes `name` the model transcriptions use unless told otherwise.
    pub fn set_default(&self, lib: &mut Library, name: &str) -> Result<Model> {
        self.find(lib, name)?;
        let settings = lib.transcription_settings()?;
        lib.set_transcription_settings(&TranscriptionSettings { model: Some(name.to_owned()), ..settings })?;
        self.find(lib, name)
    }

    /// The model to transcribe with: the one asked for, else the default,
    /// else the only one installed.
    pub fn choose(&self, lib: &Library, requested: Option<&str>) -> Result<Model> {
        if let Some(name) = requested.or(lib.transcription_settings()?.model.as_deref()) {
            return self.find(lib, name);
        }
        let mut models = self.list(lib)?;
        match models.len() {
            0 => Err(Error::NoModel),
            1 => Ok(models.remove(0)),
            _ => Err(Error::NoDefaultModel { installed: models.into_iter().map(|m| m.name).collect() }),
        }
    }

    /// An installed model by name.
    pub fn find(&self, lib: &Library, name: &str) -> Result<Model> {
        // Only the named file is read; the others only to say what there is.
        if let Ok(name) = checked_name(name) {
            let default = lib.transcription_settings()?.model;
            if let Some(model) = read_model(&name, &self.dir.join(format!("{name}.bin")), default.as_deref()) {
                return Ok(model);
            }
        }
        let models = self.list(lib)?;
        let names = || models.iter().map(|m| m.name.clone()).collect();
        models.iter().find(|m| m.name == name.trim()).cloned().ok_or_else(|| {
            if models.is_empty() {
                Error::NoModel
            } else {
                Error::UnknownModel { name: name.to_owned(), installed: names() }
            }
        })
    }
}

/// The installed model `name` at `path`, checked; `None` (and a warning in
/// the log) when the file is missing or no longer reads as a model.
fn read_model(name: &str, path: &Path, default: Option<&str>) -> Option<Model> {
    match afterword_transcribe::inspect(path) {
        Ok(info) => Some(Model {
            name: name.to_owned(),
            kind: info.kind(),
            multilingual: info.multilingual,
            bytes: info.bytes,
            default: default == Some(name),
            path: path.to_owned(),
        }),
        Err(e) => {
            if path.exists() {
                tracing::warn!("skipping {}: {e}", path.display());
            }
            None
        }
    }
}

/// `ggml-tiny.en.bin` → `tiny.en`.
fn name_of(file: &Path) -> String {
    let stem = file.file_name().and_then(|n| n.to_str()).unwrap_or_default();
    let stem = stem.strip_suffix(".bin").unwrap_or(stem);
    stem.strip_prefix("ggml-").unwrap_or(stem).to_owned()
}

fn checked_name(given: &str) -> Result<String> {
    let name = given.trim();
    let ok = (1..=64).contains(&name.len())
        && !name.starts_with('.')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if ok { Ok(name.to_owned()) } else { Err(Error::BadModelName { given: given.to_owned() }) }
}

fn copy_synced(from: &Path, to: &Path) -> std::io::Result<()> {
    let mut src = fs::File::open(from)?;
    let mut dst = fs::File::create(to)?;
    std::io::copy(&mut src, &mut dst)?;
    dst.flush()?;
    dst.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_come_from_files_and_are_checked() {
        assert_eq!(name_of(Path::new("/x/ggml-tiny.en.bin")), "tiny.en");
        assert_eq!(name_of(Path::new("base.bin")), "base");
        assert!(checked_name("tiny.en").is_ok());
        for bad in ["", ".hidden", "a/b", "two words", &"x".repeat(65)] {
            assert!(checked_name(bad).is_err(), "{bad:?}");
        }
    }
}
