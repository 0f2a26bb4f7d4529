//! Folders: one path per clip, document or thread (`Engineering/Q3`), for
//! filing things the way a team thinks about them. Tags cut across; a folder
//! is where a thing lives. The empty path is the top level.

use rusqlite::params;
use serde::{Deserialize, Serialize};

use crate::{
    db::Library,
    error::{Error, Result},
    tags::TagKind,
};

/// A folder and how many things are filed directly in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Folder {
    pub path: String,
    pub clips: u64,
    pub documents: u64,
    pub threads: u64,
}

/// Trims each part of a path and checks it: parts are 1-60 characters without
/// control characters; at most 8 deep. `/` and empty mean the top level.
pub(crate) fn normalise(path: &str) -> Result<String> {
    let bad = || Error::BadValue {
        field: "folder",
        given: path.to_owned(),
        hint: "write it as Team/Project, up to 8 parts of 1-60 characters",
    };
    let parts: Vec<&str> = path.split('/').map(str::trim).filter(|p| !p.is_empty()).collect();
    if parts.len() > 8 || parts.iter().any(|p| p.chars().count() > 60 || p.chars().any(char::is_control)) {
        return Err(bad());
    }
    Ok(parts.join("/"))
}

impl Library {
    /// Files a clip, document or thread in `folder` (the top level for "").
    pub fn move_to_folder(&mut self, kind: TagKind, id: &str, folder: &str) -> Result<String> {
        let folder = normalise(folder)?;
        let changed = self
            .conn
            .execute(&format!("UPDATE {} SET folder = ?2 WHERE id = ?1", kind.table()), params![id, folder])?;
        if changed == 0 {
            return Err(Error::NotFound { kind: kind.as_str(), id: id.to_owned() });
        }
        Ok(folder)
    }

    /// Every folder in use, with counts, in path order.
    pub fn folders(&self) -> Result<Vec<Folder>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT folder, sum(kind = 'clip'), sum(kind = 'document'), sum(kind = 'thread') FROM (
                 SELECT folder, 'clip' AS kind FROM clips WHERE folder <> ''
                 UNION ALL SELECT folder, 'document' FROM documents WHERE folder <> ''
                 UNION ALL SELECT folder, 'thread' FROM threads WHERE folder <> '')
             GROUP BY folder ORDER BY folder",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Folder { path: r.get(0)?, clips: r.get(1)?, documents: r.get(2)?, threads: r.get(3)? })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn paths_are_trimmed_and_checked() {
        assert_eq!(normalise(" Engineering / Q3 /").ok().as_deref(), Some("Engineering/Q3"));
        assert_eq!(normalise("/").ok().as_deref(), Some(""));
        assert!(normalise(&"x/".repeat(9)).is_err());
        assert!(normalise(&"x".repeat(61)).is_err());
    }
}
