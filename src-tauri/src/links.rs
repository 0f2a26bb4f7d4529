//! The share links this app made, by clip. The library keeps only a hash of
//! each token (so a stolen database opens nothing), which means the app must
//! remember the token itself to copy a clip's link again later — from the
//! clip page or the tray's recent clips. Kept as JSON in the app's data
//! folder, readable by this user only.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use afterword_library::{ClipId, Library};
use afterword_share::{LinkError, LinkOptions};

use crate::{
    error::{Error, Result},
    state::Shell,
};

#[derive(Debug)]
pub struct LinkBook {
    path: PathBuf,
    tokens: Mutex<BTreeMap<String, String>>,
}

impl LinkBook {
    /// The book in `path`; a missing or unreadable file starts empty (the
    /// worst case is that a new link is made next time).
    pub fn load(path: &Path) -> Self {
        let tokens = std::fs::read(path).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default();
        LinkBook { path: path.to_owned(), tokens: Mutex::new(tokens) }
    }

    pub fn token(&self, clip_id: &str) -> Option<String> {
        self.tokens.lock().unwrap_or_else(PoisonError::into_inner).get(clip_id).cloned()
    }

    pub fn remember(&self, clip_id: &str, token: &str) -> Result<()> {
        let mut tokens = self.tokens.lock().unwrap_or_else(PoisonError::into_inner);
        tokens.insert(clip_id.to_owned(), token.to_owned());
        self.write(&tokens)
    }

    pub fn forget(&self, clip_id: &str) -> Result<()> {
        let mut tokens = self.tokens.lock().unwrap_or_else(PoisonError::into_inner);
        if tokens.remove(clip_id).is_some() {
            self.write(&tokens)?;
        }
        Ok(())
    }

    fn write(&self, tokens: &BTreeMap<String, String>) -> Result<()> {
        let what = format!("cannot save share links to {}", self.path.display());
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(Error::io(what.clone()))?;
        }
        let json = serde_json::to_vec(tokens).map_err(std::io::Error::other).map_err(Error::io(what.clone()))?;
        let tmp = self.path.with_extension("json.tmp");
        write_private(&tmp, &json).map_err(Error::io(what.clone()))?;
        std::fs::rename(&tmp, &self.path).map_err(Error::io(what))
    }
}

#[cfg(unix)]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new().write(true).create(true).truncate(true).mode(0o600).open(path)?;
    f.write_all(bytes)
}

#[cfg(not(unix))]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, bytes)
}

/// The clip's link: the one this app made before if it is still live, or a new one.
pub fn link_for(shell: &Shell, clip: ClipId) -> Result<String> {
    let mut library = shell.library();
    if let Some(token) = shell.links.token(&clip.to_string()) {
        let token = afterword_library::ShareToken::from_url(&token);
        if let Some(link) = library.share_by_token(&token)?
            && link.clip_id == clip
            && link.is_live(jiff::Timestamp::now())
        {
            return Ok(afterword_share::link_url(&shell.share.base_url(), &token));
        }
    }
    make_link(shell, &mut library, clip)
}

/// A new link to `clip` as "copy link" makes it: no expiry, no password,
/// downloads allowed.
pub fn make_link(shell: &Shell, library: &mut Library, clip: ClipId) -> Result<String> {
    make_link_with(shell, library, clip, &LinkOptions::default())
}

/// A new link to `clip` with `options` (made by the share crate), remembered
/// in the link book so that it can be copied again.
pub fn make_link_with(shell: &Shell, library: &mut Library, clip: ClipId, options: &LinkOptions) -> Result<String> {
    let made = afterword_share::links::create(library, clip, options)?;
    shell.links.remember(&clip.to_string(), made.token.as_str())?;
    Ok(made.url(&shell.share.base_url()))
}

impl From<LinkError> for Error {
    /// Password and library failures are told as they always were; the rest
    /// (an expiry already past) as the link's own.
    fn from(e: LinkError) -> Self {
        match e {
            LinkError::Password(e) => Error::Password(e),
            LinkError::Library(e) => Error::Library(e),
            e => Error::Link(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembered_tokens_survive_a_restart_and_can_be_forgotten() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("links.json");
        let book = LinkBook::load(&path);
        book.remember("clip-1", "tok").expect("saved");
        assert_eq!(LinkBook::load(&path).token("clip-1").as_deref(), Some("tok"));
        book.forget("clip-1").expect("saved");
        assert_eq!(LinkBook::load(&path).token("clip-1"), None);
    }

    #[cfg(unix)]
    #[test]
    fn the_file_is_readable_by_its_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("links.json");
        LinkBook::load(&path).remember("c", "t").expect("saved");
        let mode = std::fs::metadata(&path).expect("exists").permissions().mode();
        assert_eq!(mode & 0o077, 0);
    }
}
