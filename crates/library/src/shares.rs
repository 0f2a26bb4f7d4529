//! Share links: a 128-bit random token that only its holder knows; the library
//! keeps its SHA-256, so a leaked database leaks no working link.

use std::fmt;

use jiff::Timestamp;
use rand::RngCore;
use rusqlite::{OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::{
    db::Library,
    error::{Error, Result},
    ids::{ClipId, LinkId},
    stored,
    timecode::now_ms,
};

/// The secret part of a link, `<base>/s/<token>`: 16 random bytes, hex.
#[derive(Clone, PartialEq, Eq)]
pub struct ShareToken(String);

impl ShareToken {
    fn generate() -> Self {
        let mut bytes = [0u8; 16];
        rand::rng().fill_bytes(&mut bytes);
        ShareToken(bytes.iter().map(|b| format!("{b:02x}")).collect())
    }

    /// Wraps a token from a URL (unchecked: a wrong one simply matches nothing).
    pub fn from_url(token: &str) -> Self {
        ShareToken(token.to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    fn hash(&self) -> [u8; 32] {
        Sha256::digest(self.0.as_bytes()).into()
    }
}

impl fmt::Debug for ShareToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ShareToken(…)")
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShareLink {
    pub id: LinkId,
    pub clip_id: ClipId,
    pub created_at: Timestamp,
    pub expires_at: Option<Timestamp>,
    /// An argon2 PHC string, made by the share server; never the password.
    #[serde(skip_serializing)]
    pub password_hash: Option<String>,
    pub has_password: bool,
    pub revoked_at: Option<Timestamp>,
    pub allow_download: bool,
    pub views: u64,
}

impl ShareLink {
    /// Usable now: not revoked and not expired.
    pub fn is_live(&self, now: Timestamp) -> bool {
        self.revoked_at.is_none() && self.expires_at.is_none_or(|e| now < e)
    }

    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        let password_hash: Option<String> = row.get("password_hash")?;
        Ok(ShareLink {
            id: row.get("id")?,
            clip_id: row.get("clip_id")?,
            created_at: stored::time(row, "share_links", "created_at")?,
            expires_at: stored::time_opt(row, "share_links", "expires_at")?,
            has_password: password_hash.is_some(),
            password_hash,
            revoked_at: stored::time_opt(row, "share_links", "revoked_at")?,
            allow_download: row.get("allow_download")?,
            views: row.get("views")?,
        })
    }
}

#[derive(Debug, Clone)]
pub struct NewShareLink {
    pub clip_id: ClipId,
    pub expires_at: Option<Timestamp>,
    pub password_hash: Option<String>,
    pub allow_download: bool,
}

impl Library {
    /// Makes a link; the token is returned once and never stored.
    pub fn create_share(&mut self, new: NewShareLink) -> Result<(ShareLink, ShareToken)> {
        self.clip(new.clip_id)?;
        let token = ShareToken::generate();
        let id = LinkId::new();
        self.conn.execute(
            "INSERT INTO share_links (id, token_hash, clip_id, created_at, expires_at, password_hash, allow_download)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                id,
                token.hash(),
                new.clip_id,
                now_ms(),
                new.expires_at.map(|t| t.as_millisecond()),
                new.password_hash,
                new.allow_download,
            ],
        )?;
        Ok((self.share(id)?, token))
    }

    pub fn share(&self, id: LinkId) -> Result<ShareLink> {
        self.conn
            .query_row("SELECT * FROM share_links WHERE id = ?1", [id], ShareLink::from_row)
            .optional()?
            .ok_or_else(|| Error::not_found(LinkId::KIND, id))
    }

    /// The link a token opens, live or not; the caller decides what a dead one shows.
    pub fn share_by_token(&self, token: &ShareToken) -> Result<Option<ShareLink>> {
        Ok(self
            .conn
            .query_row("SELECT * FROM share_links WHERE token_hash = ?1", [token.hash()], ShareLink::from_row)
            .optional()?)
    }

    /// Every link, or one clip's, newest first.
    pub fn shares(&self, clip: Option<ClipId>) -> Result<Vec<ShareLink>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT * FROM share_links WHERE ?1 IS NULL OR clip_id = ?1 ORDER BY created_at DESC, id DESC",
        )?;
        let rows = stmt.query_map([clip], ShareLink::from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Revokes a link; revoking twice keeps the first time.
    pub fn revoke_share(&mut self, id: LinkId) -> Result<ShareLink> {
        let changed = self.conn.execute(
            "UPDATE share_links SET revoked_at = coalesce(revoked_at, ?2) WHERE id = ?1",
            params![id, now_ms()],
        )?;
        if changed == 0 {
            return Err(Error::not_found(LinkId::KIND, id));
        }
        self.share(id)
    }

    pub fn count_view(&mut self, id: LinkId) -> Result<()> {
        self.conn.execute("UPDATE share_links SET views = views + 1 WHERE id = ?1", [id])?;
        Ok(())
    }
}
