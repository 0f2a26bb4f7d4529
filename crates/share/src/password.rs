//! Link passwords: hashed with Argon2id (the `argon2` crate's defaults, which
//! follow the OWASP minimum) into a PHC string the library stores; checked on
//! a blocking thread because a check takes tens of milliseconds on purpose.

use argon2::{
    Argon2,
    password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString},
};
use rand::RngCore;

/// The longest password accepted, so one request can't make the server hash megabytes.
pub const MAX_PASSWORD_CHARS: usize = 256;

#[derive(Debug, thiserror::Error)]
pub enum PasswordError {
    #[error("the password is empty")]
    Empty,
    #[error("the password is {0} characters long; the limit is {MAX_PASSWORD_CHARS}")]
    TooLong(usize),
    #[error("could not hash the password: {0}")]
    Hash(String),
}

/// Hashes a new link password into a PHC string (`$argon2id$…`).
pub fn hash_password(password: &str) -> Result<String, PasswordError> {
    check(password)?;
    let mut salt = [0u8; 16];
    rand::rng().fill_bytes(&mut salt);
    let salt = SaltString::encode_b64(&salt).map_err(|e| PasswordError::Hash(e.to_string()))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| PasswordError::Hash(e.to_string()))
}

/// True when `password` matches the stored PHC string. A damaged hash matches nothing.
pub(crate) fn verify(password: &str, phc: &str) -> bool {
    if check(password).is_err() {
        return false;
    }
    PasswordHash::new(phc).is_ok_and(|hash| Argon2::default().verify_password(password.as_bytes(), &hash).is_ok())
}

fn check(password: &str) -> Result<(), PasswordError> {
    let len = password.chars().count();
    if password.is_empty() {
        Err(PasswordError::Empty)
    } else if len > MAX_PASSWORD_CHARS {
        Err(PasswordError::TooLong(len))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_only() {
        let phc = hash_password("correct horse").expect("hash");
        assert!(phc.starts_with("$argon2id$"));
        assert!(verify("correct horse", &phc));
        assert!(!verify("correct hors", &phc));
        assert!(!verify("correct horse", "not a phc string"));
        assert!(matches!(hash_password(""), Err(PasswordError::Empty)));
    }
}
