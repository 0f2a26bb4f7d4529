//! The screen-cast portal's restore token: kept in the library's settings so
//! a person picks the screen in the portal's dialog once, not at every
//! recording, whichever client records. The token is the portal's, opaque.

use crate::{db::Library, error::Result};

const KEY: &str = "portal_restore_token";

impl Library {
    /// The token the portal gave for the last screen it shared, if any.
    pub fn portal_restore_token(&self) -> Result<Option<String>> {
        crate::stored::setting(&self.conn, KEY)
    }

    /// Keeps the portal's newest token (each use gives a new one); `None`
    /// forgets it, so the next recording asks again.
    pub fn set_portal_restore_token(&mut self, token: Option<&str>) -> Result<()> {
        match token {
            Some(token) => crate::stored::put_setting(&self.conn, KEY, &token),
            None => {
                self.conn.execute("DELETE FROM settings WHERE key = ?1", [KEY])?;
                Ok(())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::Library;

    #[test]
    fn the_portal_token_is_kept_replaced_and_forgotten() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut lib = Library::open(dir.path()).expect("open");
        assert_eq!(lib.portal_restore_token().expect("read"), None);
        lib.set_portal_restore_token(Some("a1")).expect("set");
        lib.set_portal_restore_token(Some("b2")).expect("replace");
        assert_eq!(
            Library::open(dir.path()).expect("reopen").portal_restore_token().expect("read").as_deref(),
            Some("b2")
        );
        lib.set_portal_restore_token(None).expect("forget");
        assert_eq!(lib.portal_restore_token().expect("read"), None);
    }
}
