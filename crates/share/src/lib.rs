//! Afterword's share server: `<base>/s/<token>` links to clips in the local
//! library, the viewer page that plays them, byte-range streaming, and the
//! comment, reaction and live-update API behind the page.
//!
//! The server is one function, [`serve`] (the [`router`] on a listener, with
//! graceful shutdown), over a [`ShareState`]: the `afterword serve` verb runs
//! it on its own, and the desktop app runs the same in-process. The use cases
//! both clients share live here too: making and revoking links ([`links`]),
//! the links' base URL ([`base_url`]) and the JSON the viewer API sends
//! ([`views`], from which the viewer's TypeScript types are generated).
//!
//! Every request is checked against the library: a link must be live (not
//! expired, not revoked), unlocked when it has a password, and the clip is
//! found by the link, never by a path in the URL.

mod base;
mod checkpoint;
mod config;
mod error;
mod events;
mod guard;
mod link_cache;
pub mod links;
mod media_cache;
mod owner;
mod password;
mod pool;
mod range;
mod ratelimit;
mod routes;
mod serve;
mod state;
mod viewer;
pub mod views;

pub use base::{BaseUrlError, base_url, check_base_url};
pub use config::{DEFAULT_PORT, ShareConfig, ShareLimits};
pub use error::SetupError;
pub use links::{Expiry, LinkError, LinkOptions, NewLink};
pub use owner::OwnerKey;
pub use password::{PasswordError, hash_password};
pub use serve::{SHUTDOWN_GRACE, serve};
pub use state::ShareState;
pub use viewer::Viewer;

/// The share server's routes. [`serve`] runs them; a caller that serves them
/// itself uses `into_make_service_with_connect_info::<SocketAddr>()` so rate
/// limits can tell clients apart.
pub fn router(state: ShareState) -> axum::Router {
    routes::router(state)
}

/// The link a person opens: `<base>/s/<token>`.
pub fn link_url(base: &str, token: &afterword_library::ShareToken) -> String {
    format!("{}/s/{}", base.trim_end_matches('/'), token.as_str())
}

/// The owner's link: the share link with the owner key in the fragment, which
/// browsers never send to a server; the page trades it for an owner cookie.
pub fn owner_url(base: &str, token: &afterword_library::ShareToken, key: &OwnerKey) -> String {
    format!("{}#owner={}", link_url(base, token), key.expose())
}
