//! The viewer page's files: the Vite build of `ui/` (`ui/dist`).
//!
//! Release builds embed `ui/dist` with rust-embed, so `afterword` is one file
//! that works offline; debug builds read the same folder from disk, so a
//! `npm run build` shows up without recompiling. `allow_missing` lets a clean
//! `cargo build` succeed before the UI was ever built (CI builds `ui/` first),
//! and [`Viewer::built_in`] then refuses to start a server, with the command
//! that fixes it, instead of serving pages that are not there. A folder chosen
//! at run time ([`Viewer::from_dir`]) serves tests and UI development.

use std::{borrow::Cow, path::PathBuf, sync::Arc};

use crate::error::SetupError;

#[derive(rust_embed::Embed)]
#[folder = "../../ui/dist"]
#[allow_missing = true]
struct Bundle;

/// The page template every link opens.
const PAGE: &str = "viewer.html";

#[derive(Debug, Clone)]
pub struct Viewer {
    source: Source,
    page: Arc<str>,
}

#[derive(Debug, Clone)]
enum Source {
    Embedded,
    Dir(PathBuf),
}

impl Viewer {
    /// The bundle built into this binary; an error says how to build it.
    pub fn built_in() -> Result<Self, SetupError> {
        let page = Bundle::get(PAGE).and_then(|f| String::from_utf8(f.data.into_owned()).ok()).ok_or_else(|| {
            SetupError::ViewerMissing { searched: concat!(env!("CARGO_MANIFEST_DIR"), "/../../ui/dist").into() }
        })?;
        Ok(Viewer { source: Source::Embedded, page: page.into() })
    }

    /// A bundle in a folder (a `ui/dist`, or a test's stand-in).
    pub fn from_dir(dir: impl Into<PathBuf>) -> Result<Self, SetupError> {
        let dir = dir.into();
        let page = std::fs::read_to_string(dir.join(PAGE))
            .map_err(|_| SetupError::ViewerMissing { searched: dir.display().to_string() })?;
        Ok(Viewer { source: Source::Dir(dir), page: page.into() })
    }

    /// The viewer page's HTML template.
    pub(crate) fn page(&self) -> &str {
        &self.page
    }

    /// A file of the bundle under `assets/`, with its content type.
    pub(crate) fn asset(&self, path: &str) -> Option<(Cow<'static, [u8]>, &'static str)> {
        let safe = !path.is_empty()
            && !path.split('/').any(|part| part.is_empty() || part.starts_with('.'))
            && path.bytes().all(|b| b.is_ascii_alphanumeric() || b"._-/".contains(&b));
        if !safe {
            return None;
        }
        let full = format!("assets/{path}");
        let data = match &self.source {
            Source::Embedded => Bundle::get(&full)?.data,
            Source::Dir(dir) => Cow::Owned(std::fs::read(dir.join(&full)).ok()?),
        };
        Some((data, content_type(path)))
    }
}

fn content_type(path: &str) -> &'static str {
    match path.rsplit_once('.').map(|(_, ext)| ext) {
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("json" | "map") => "application/json",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_without_the_page_is_refused_with_the_fix() {
        let dir = tempfile::tempdir().expect("tempdir");
        let err = Viewer::from_dir(dir.path()).expect_err("no viewer.html");
        assert!(err.to_string().contains("npm --prefix ui run build"), "{err}");
    }

    #[test]
    fn assets_never_leave_the_bundle() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join(PAGE), "<html></html>").expect("page");
        std::fs::create_dir(dir.path().join("assets")).expect("assets");
        std::fs::write(dir.path().join("assets/app.js"), "x").expect("js");
        std::fs::write(dir.path().join("secret"), "s").expect("secret");
        let viewer = Viewer::from_dir(dir.path()).expect("viewer");
        assert_eq!(viewer.asset("app.js").map(|(_, t)| t), Some("text/javascript; charset=utf-8"));
        for bad in ["../secret", "..", "", "/etc/passwd", "a//b", ".hidden", "x\\..\\secret"] {
            assert!(viewer.asset(bad).is_none(), "{bad}");
        }
    }
}
