//! What a share server is told at start: the public base URL of its links and
//! the limits it enforces. Defaults suit a server on a laptop.

use std::time::Duration;

/// The port `afterword serve` listens on when told nothing else.
pub const DEFAULT_PORT: u16 = 7878;

#[derive(Debug, Clone)]
pub struct ShareConfig {
    /// Where people reach this server, e.g. `http://127.0.0.1:7878`; used for
    /// absolute URLs in link previews and oEmbed answers.
    pub base_url: String,
    pub limits: ShareLimits,
}

impl ShareConfig {
    pub fn new(base_url: impl Into<String>) -> Self {
        ShareConfig { base_url: base_url.into().trim_end_matches('/').to_owned(), limits: ShareLimits::default() }
    }

    /// True when links are served over HTTPS: cookies then get `Secure`.
    pub fn is_https(&self) -> bool {
        self.base_url.starts_with("https://")
    }
}

/// Per-client limits. A client is its IP address.
#[derive(Debug, Clone)]
pub struct ShareLimits {
    /// Comments and reactions one client may post in a burst…
    pub post_burst: u32,
    /// …and how fast that allowance comes back.
    pub post_refill: Duration,
    /// Password guesses one client may make on one link in a burst…
    pub unlock_burst: u32,
    /// …and how fast that allowance comes back.
    pub unlock_refill: Duration,
    /// The largest request body accepted, in bytes.
    pub body_bytes: usize,
    /// How long an unlocked link stays unlocked in a browser.
    pub unlock_session: Duration,
    /// Memory for recently watched clips, in bytes; a clip up to a quarter of
    /// it is served from memory, larger ones from disk. 0 turns it off.
    pub media_cache_bytes: u64,
    /// How long a link found live is trusted for video bytes without asking
    /// the library again (so a revoke reaches open streams within this); zero
    /// asks every time. The page and the API always ask.
    pub link_cache: Duration,
}

impl Default for ShareLimits {
    fn default() -> Self {
        ShareLimits {
            post_burst: 20,
            post_refill: Duration::from_secs(2),
            unlock_burst: 5,
            unlock_refill: Duration::from_secs(12),
            // A comment is at most 10,000 characters, up to 4 bytes each, plus JSON.
            body_bytes: 48 * 1024,
            unlock_session: Duration::from_secs(7 * 24 * 3600),
            media_cache_bytes: 256 * 1024 * 1024,
            link_cache: Duration::from_secs(1),
        }
    }
}
