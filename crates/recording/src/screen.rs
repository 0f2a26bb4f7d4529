//! Which screen a take records with: the backend (media's
//! `choose_backend`: the portal on Wayland, X11 capture on X11, or what the
//! person asked for) and, for the portal, the restore token that spares the
//! person its dialog — read from the library before, kept there after.

use afterword_library::Library;
use afterword_media::{Backend, VideoSource};

use crate::{Request, error::Result};

/// The caller's part of choosing the screen.
#[derive(Debug, Clone, Default)]
pub struct ScreenChoice {
    /// `None`: the session's backend.
    pub backend: Option<Backend>,
    /// The portal's token from an earlier recording
    /// ([`Library::portal_restore_token`]).
    pub restore_token: Option<String>,
}

impl ScreenChoice {
    /// `backend` (or the session's), with the token the library keeps.
    pub fn from_library(lib: &Library, backend: Option<Backend>) -> Result<ScreenChoice> {
        Ok(ScreenChoice { backend, restore_token: lib.portal_restore_token()? })
    }
}

/// What the portal gave for the next recording.
#[derive(Debug, Clone)]
pub(crate) struct Grant {
    restore_token: Option<String>,
}

impl Grant {
    /// Keeps the portal's newest token (each use gives a new one; none
    /// means the portal keeps nothing, so neither do we).
    pub(crate) fn keep(&self, lib: &mut Library) -> Result<()> {
        Ok(lib.set_portal_restore_token(self.restore_token.as_deref())?)
    }
}

pub(crate) fn open(request: &Request, choice: ScreenChoice) -> Result<(Box<dyn VideoSource>, Option<Grant>)> {
    let backend = afterword_media::choose_backend(choice.backend).backend;
    let token = if backend == Backend::Portal { choice.restore_token } else { None };
    let screen = afterword_media::screen_on(
        backend,
        None,
        request.area,
        request.fps,
        request.cursor,
        token,
        request.camera.as_ref(),
    )?;
    let grant = (backend == Backend::Portal).then_some(Grant { restore_token: screen.restore_token });
    Ok((screen.source, grant))
}
