//! The owner key: 32 random bytes kept in `<library>/share-owner.key`
//! (readable by the owner only). Whoever holds it is the library's owner on
//! the viewer page, allowed to resolve and delete comments; the CLI and the
//! desktop app read it from the library folder, a browser gets it once through
//! the owner link's `#owner=` fragment and keeps an HttpOnly cookie derived
//! from it. The same key signs the cookies that unlock password-protected links,
//! so the server keeps no session table and survives restarts.

use std::{fmt, io::Write, path::Path};

use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;
use subtle::ConstantTimeEq;

use crate::error::SetupError;

const FILE: &str = "share-owner.key";

#[derive(Clone)]
pub struct OwnerKey([u8; 32]);

impl fmt::Debug for OwnerKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("OwnerKey(…)")
    }
}

impl OwnerKey {
    /// Reads the library's owner key, making one on first use.
    pub fn load_or_create(home: &Path) -> Result<Self, SetupError> {
        let path = home.join(FILE);
        let io = |source| SetupError::OwnerKey { path: path.clone(), source };
        match std::fs::read_to_string(&path) {
            Ok(text) => decode(text.trim()).map(OwnerKey).ok_or(SetupError::OwnerKeyDamaged { path }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut key = [0u8; 32];
                rand::rng().fill_bytes(&mut key);
                let mut options = std::fs::OpenOptions::new();
                options.write(true).create_new(true);
                #[cfg(unix)]
                std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
                match options.open(&path) {
                    Ok(mut file) => {
                        file.write_all(encode(&key).as_bytes()).map_err(io)?;
                        Ok(OwnerKey(key))
                    }
                    // Another process made it first: use theirs.
                    Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Self::load_or_create(home),
                    Err(e) => Err(io(e)),
                }
            }
            Err(e) => Err(io(e)),
        }
    }

    /// A key that lives only in memory (tests, or an app that keeps its own).
    pub fn random() -> Self {
        let mut key = [0u8; 32];
        rand::rng().fill_bytes(&mut key);
        OwnerKey(key)
    }

    /// The key as hex, for an owner link. Keep it private.
    pub fn expose(&self) -> String {
        encode(&self.0)
    }

    /// True when `given` (hex, from a browser) is this key; timing-safe.
    pub(crate) fn matches(&self, given: &str) -> bool {
        decode(given.trim()).is_some_and(|k| bool::from(k.ct_eq(&self.0)))
    }

    /// The owner cookie's value: derived from the key, so the cookie is not the key.
    pub fn session_value(&self) -> String {
        self.sign(&["owner-session"])
    }

    /// True when a cookie value is [`Self::session_value`]; timing-safe.
    pub(crate) fn is_session(&self, value: &str) -> bool {
        bool::from(value.as_bytes().ct_eq(self.session_value().as_bytes()))
    }

    /// A MAC over `parts`, hex.
    pub(crate) fn sign(&self, parts: &[&str]) -> String {
        // HMAC accepts a key of any length; `new_from_slice` cannot fail here.
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.0) else {
            return String::new();
        };
        for part in parts {
            mac.update(&(part.len() as u64).to_le_bytes());
            mac.update(part.as_bytes());
        }
        encode(&mac.finalize().into_bytes())
    }
}

fn encode(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn decode(hex: &str) -> Option<[u8; 32]> {
    if hex.len() != 64 || !hex.is_ascii() {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_is_made_once_and_read_back() {
        let dir = tempfile::tempdir().expect("tempdir");
        let first = OwnerKey::load_or_create(dir.path()).expect("create");
        let again = OwnerKey::load_or_create(dir.path()).expect("read");
        assert_eq!(first.expose(), again.expose());
        assert!(again.matches(&first.expose()));
        assert!(!again.matches(&OwnerKey::random().expose()));
        assert!(!again.matches("zz"));
        assert!(first.is_session(&again.session_value()));
    }

    #[test]
    fn a_damaged_key_file_is_reported() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(dir.path().join(FILE), "nope").expect("write");
        assert!(matches!(OwnerKey::load_or_create(dir.path()), Err(SetupError::OwnerKeyDamaged { .. })));
    }
}
