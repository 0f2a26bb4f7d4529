//! Object storage bookkeeping: the named targets clips can be published to
//! (never their credentials), where each published clip's objects went, and the
//! journal of multipart uploads in progress that lets an interrupted one resume.

use jiff::Timestamp;
use rusqlite::{OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};

use crate::{
    db::Library,
    error::{Error, Result},
    ids::ClipId,
    stored,
    timecode::now_ms,
};

const TARGET: &str = "storage target";

/// A bucket (and a prefix in it) clips can be published to. Credentials come
/// from the environment or the named AWS profile when the target is used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StorageTarget {
    pub name: String,
    pub bucket: String,
    /// Without leading or trailing slashes; may be empty.
    pub prefix: String,
    /// An S3-compatible endpoint (`http://127.0.0.1:3900`); AWS itself when absent.
    pub endpoint: Option<String>,
    pub region: String,
    /// An AWS profile name (`~/.aws/credentials`), read when the target is used.
    pub profile: Option<String>,
    /// Where its objects are read without a key (a bucket website, a CDN),
    /// without a trailing slash; links to published pages point there.
    #[serde(default)]
    pub public_url: Option<String>,
    pub created_at: Timestamp,
}

/// A target to add; see [`StorageTarget`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewStorageTarget {
    pub name: String,
    pub bucket: String,
    pub prefix: String,
    pub endpoint: Option<String>,
    pub region: String,
    pub profile: Option<String>,
    pub public_url: Option<String>,
}

/// What one published object is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ObjectRole {
    Media,
    Thumbnail,
    Metadata,
    /// The static, read-only viewer page.
    Viewer,
    /// WebVTT captions from the clip's transcript.
    Captions,
}

impl ObjectRole {
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectRole::Media => "media",
            ObjectRole::Thumbnail => "thumbnail",
            ObjectRole::Metadata => "metadata",
            ObjectRole::Viewer => "viewer",
            ObjectRole::Captions => "captions",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        [ObjectRole::Media, ObjectRole::Thumbnail, ObjectRole::Metadata, ObjectRole::Viewer, ObjectRole::Captions]
            .into_iter()
            .find(|r| r.as_str() == s)
    }
}

/// One object in the store, as it was when it was uploaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedObject {
    pub role: ObjectRole,
    pub key: String,
    pub size_bytes: u64,
    pub etag: Option<String>,
    /// Of the local content that was uploaded (hex).
    pub sha256: String,
}

/// A clip that is fully published to a target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Publication {
    pub clip_id: ClipId,
    pub target: String,
    pub published_at: Timestamp,
    pub static_page: bool,
    pub objects: Vec<PublishedObject>,
}

impl Publication {
    /// The object playing `role`, if it was published.
    pub fn object(&self, role: ObjectRole) -> Option<&PublishedObject> {
        self.objects.iter().find(|o| o.role == role)
    }
}

/// A multipart upload started and not yet recorded as published.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingUpload {
    pub target: String,
    pub key: String,
    pub upload_id: String,
    pub part_size: u64,
    pub size_bytes: u64,
    pub sha256: String,
    /// Set once the store has assembled the object.
    pub completed_etag: Option<String>,
    /// `(part number from 0, etag)` for each part the store has acknowledged.
    pub parts: Vec<(u32, String)>,
}

impl StorageTarget {
    fn from_row(row: &Row<'_>) -> rusqlite::Result<Self> {
        Ok(StorageTarget {
            name: row.get("name")?,
            bucket: row.get("bucket")?,
            prefix: row.get("prefix")?,
            endpoint: row.get("endpoint")?,
            region: row.get("region")?,
            profile: row.get("profile")?,
            public_url: row.get("public_url")?,
            created_at: stored::time(row, "storage_targets", "created_at")?,
        })
    }
}

impl Library {
    /// Adds a target; names are 1-40 letters, digits, '-' or '_', and unique.
    pub fn add_storage_target(&mut self, new: NewStorageTarget) -> Result<StorageTarget> {
        let name = new.name.trim();
        let usable = !name.is_empty()
            && name.len() <= 40
            && name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'));
        if !usable {
            return Err(Error::BadValue {
                field: "target name",
                given: new.name.clone(),
                hint: "use 1-40 letters, digits, '-' or '_'",
            });
        }
        if self.storage_target_opt(name)?.is_some() {
            return Err(Error::BadValue {
                field: "target name",
                given: name.to_owned(),
                hint: "a target by that name exists; pick another name or remove that target first",
            });
        }
        self.conn.execute(
            "INSERT INTO storage_targets (name, bucket, prefix, endpoint, region, profile, public_url, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                name,
                new.bucket,
                new.prefix.trim_matches('/'),
                new.endpoint,
                new.region,
                new.profile,
                new.public_url,
                now_ms()
            ],
        )?;
        self.storage_target(name)
    }

    pub fn storage_target(&self, name: &str) -> Result<StorageTarget> {
        self.storage_target_opt(name)?.ok_or_else(|| Error::not_found(TARGET, name))
    }

    fn storage_target_opt(&self, name: &str) -> Result<Option<StorageTarget>> {
        let mut stmt = self.conn.prepare_cached("SELECT * FROM storage_targets WHERE name = ?1")?;
        Ok(stmt.query_row([name], StorageTarget::from_row).optional()?)
    }

    /// Every target, by name.
    pub fn storage_targets(&self) -> Result<Vec<StorageTarget>> {
        let mut stmt = self.conn.prepare_cached("SELECT * FROM storage_targets ORDER BY name")?;
        let rows = stmt.query_map([], StorageTarget::from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Forgets a target and the record of what was published there (the
    /// objects stay in the bucket). Returns the target and how many clips were
    /// published to it.
    pub fn remove_storage_target(&mut self, name: &str) -> Result<(StorageTarget, u64)> {
        let target = self.storage_target(name)?;
        let tx = self.write()?;
        let published: u64 =
            tx.query_row("SELECT count(*) FROM publications WHERE target = ?1", [name], |r| r.get(0))?;
        tx.execute("DELETE FROM storage_targets WHERE name = ?1", [name])?;
        tx.commit()?;
        Ok((target, published))
    }

    /// Records a finished publication in one transaction: the publication, its
    /// objects (replacing an earlier record), and the end of their upload journals.
    pub fn record_publication(&mut self, publication: &Publication) -> Result<()> {
        let p = publication;
        let tx = self.write()?;
        tx.execute("DELETE FROM publications WHERE clip_id = ?1 AND target = ?2", params![p.clip_id, p.target])?;
        tx.execute(
            "INSERT INTO publications (clip_id, target, published_at, static_page) VALUES (?1, ?2, ?3, ?4)",
            params![p.clip_id, p.target, p.published_at.as_millisecond(), p.static_page],
        )?;
        for o in &p.objects {
            tx.execute(
                "INSERT INTO published_objects (clip_id, target, role, key, size_bytes, etag, sha256)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![p.clip_id, p.target, o.role.as_str(), o.key, o.size_bytes, o.etag, o.sha256],
            )?;
            tx.execute("DELETE FROM storage_uploads WHERE target = ?1 AND key = ?2", params![p.target, o.key])?;
        }
        tx.commit()
    }

    /// Where `clip` is published, one entry per target.
    pub fn publications(&self, clip: ClipId) -> Result<Vec<Publication>> {
        let mut stmt = self.conn.prepare_cached("SELECT * FROM publications WHERE clip_id = ?1 ORDER BY target")?;
        let heads = stmt
            .query_map([clip], |r| {
                Ok((r.get::<_, String>("target")?, r.get::<_, i64>("published_at")?, r.get::<_, bool>("static_page")?))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut objects = self
            .conn
            .prepare_cached("SELECT * FROM published_objects WHERE clip_id = ?1 AND target = ?2 ORDER BY role")?;
        let mut out = Vec::with_capacity(heads.len());
        for (target, at, static_page) in heads {
            let objs = objects
                .query_map(params![clip, target], |r| {
                    Ok(PublishedObject {
                        role: stored::text(r, "published_objects", "role", ObjectRole::parse)?,
                        key: r.get("key")?,
                        size_bytes: r.get("size_bytes")?,
                        etag: r.get("etag")?,
                        sha256: r.get("sha256")?,
                    })
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            out.push(Publication {
                clip_id: clip,
                target,
                published_at: stored::at_ms("publications", "published_at", at)?,
                static_page,
                objects: objs,
            });
        }
        Ok(out)
    }

    /// The publication of `clip` on `target`, if it is fully published there.
    pub fn publication(&self, clip: ClipId, target: &str) -> Result<Option<Publication>> {
        Ok(self.publications(clip)?.into_iter().find(|p| p.target == target))
    }

    /// The journal of an upload to `key` on `target`, if one was started.
    pub fn pending_upload(&self, target: &str, key: &str) -> Result<Option<PendingUpload>> {
        let mut stmt = self.conn.prepare_cached("SELECT * FROM storage_uploads WHERE target = ?1 AND key = ?2")?;
        let Some(mut up) = stmt
            .query_row(params![target, key], |r| {
                Ok(PendingUpload {
                    target: r.get("target")?,
                    key: r.get("key")?,
                    upload_id: r.get("upload_id")?,
                    part_size: r.get("part_size")?,
                    size_bytes: r.get("size_bytes")?,
                    sha256: r.get("sha256")?,
                    completed_etag: r.get("completed_etag")?,
                    parts: Vec::new(),
                })
            })
            .optional()?
        else {
            return Ok(None);
        };
        let mut parts = self.conn.prepare_cached(
            "SELECT part_number, etag FROM storage_upload_parts WHERE target = ?1 AND key = ?2 ORDER BY part_number",
        )?;
        up.parts =
            parts.query_map(params![target, key], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        Ok(Some(up))
    }

    /// Starts the journal of an upload (replacing a stale one for the same key).
    pub fn start_upload(&mut self, up: &PendingUpload) -> Result<()> {
        let tx = self.write()?;
        tx.execute("DELETE FROM storage_uploads WHERE target = ?1 AND key = ?2", params![up.target, up.key])?;
        tx.execute(
            "INSERT INTO storage_uploads (target, key, upload_id, part_size, size_bytes, sha256, started_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![up.target, up.key, up.upload_id, up.part_size, up.size_bytes, up.sha256, now_ms()],
        )?;
        tx.commit()
    }

    /// Notes a part the store acknowledged.
    pub fn record_upload_part(&mut self, target: &str, key: &str, part: u32, etag: &str) -> Result<()> {
        self.conn.execute(
            "INSERT OR REPLACE INTO storage_upload_parts (target, key, part_number, etag) VALUES (?1, ?2, ?3, ?4)",
            params![target, key, part, etag],
        )?;
        Ok(())
    }

    /// Notes that the store assembled the object from its parts.
    pub fn complete_upload(&mut self, target: &str, key: &str, etag: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE storage_uploads SET completed_etag = ?3 WHERE target = ?1 AND key = ?2",
            params![target, key, etag],
        )?;
        Ok(())
    }

    /// Drops an upload's journal (the store forgot it, or the file changed).
    pub fn forget_upload(&mut self, target: &str, key: &str) -> Result<()> {
        self.conn.execute("DELETE FROM storage_uploads WHERE target = ?1 AND key = ?2", params![target, key])?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ClipMedia, ClipStatus, NewClip};

    fn library() -> (tempfile::TempDir, Library) {
        let dir = tempfile::tempdir().expect("tempdir");
        let lib = Library::open(dir.path()).expect("open");
        (dir, lib)
    }

    fn target(name: &str) -> NewStorageTarget {
        NewStorageTarget {
            name: name.into(),
            bucket: "clips".into(),
            prefix: "/team/".into(),
            endpoint: Some("http://127.0.0.1:3900".into()),
            region: "garage".into(),
            profile: None,
            public_url: None,
        }
    }

    fn clip(lib: &mut Library) -> ClipId {
        let media = ClipMedia { media_path: "clips/a.mp4".into(), ..Default::default() };
        let new = NewClip { id: ClipId::new(), title: "a".into(), status: ClipStatus::Ready, media };
        lib.add_clip(new).expect("clip").id
    }

    #[test]
    fn targets_are_added_listed_and_removed_by_name() {
        let (_dir, mut lib) = library();
        let t = lib.add_storage_target(target("team")).expect("add");
        assert_eq!(t.prefix, "team", "slashes are trimmed");
        assert!(matches!(lib.add_storage_target(target("team")), Err(Error::BadValue { .. })));
        assert!(matches!(lib.add_storage_target(target("no spaces")), Err(Error::BadValue { .. })));
        assert_eq!(lib.storage_targets().expect("list").len(), 1);
        assert_eq!(lib.remove_storage_target("team").expect("remove").1, 0);
        assert!(matches!(lib.storage_target("team"), Err(Error::NotFound { .. })));
    }

    #[test]
    fn a_publication_is_recorded_whole_and_ends_its_upload_journal() {
        let (_dir, mut lib) = library();
        lib.add_storage_target(target("team")).expect("add");
        let id = clip(&mut lib);
        let up = PendingUpload {
            target: "team".into(),
            key: "k/media.mp4".into(),
            upload_id: "u1".into(),
            part_size: 8,
            size_bytes: 20,
            sha256: "ab".into(),
            completed_etag: None,
            parts: vec![],
        };
        lib.start_upload(&up).expect("start");
        lib.record_upload_part("team", "k/media.mp4", 0, "e0").expect("part");
        lib.record_upload_part("team", "k/media.mp4", 1, "e1").expect("part");
        let pending = lib.pending_upload("team", "k/media.mp4").expect("read").expect("some");
        assert_eq!(pending.parts, vec![(0, "e0".into()), (1, "e1".into())]);
        assert!(lib.publications(id).expect("list").is_empty(), "an upload is not a publication");

        let object = |role, key: &str| PublishedObject {
            role,
            key: key.into(),
            size_bytes: 20,
            etag: Some("x".into()),
            sha256: "ab".into(),
        };
        let publication = Publication {
            clip_id: id,
            target: "team".into(),
            published_at: Timestamp::now(),
            static_page: false,
            objects: vec![
                object(ObjectRole::Media, "k/media.mp4"),
                object(ObjectRole::Metadata, "k/clip.json"),
                object(ObjectRole::Captions, "k/captions.vtt"),
            ],
        };
        lib.record_publication(&publication).expect("record");
        lib.record_publication(&publication).expect("recording again replaces");
        let found = lib.publication(id, "team").expect("read").expect("published");
        assert_eq!(found.objects.len(), 3);
        assert_eq!(found.object(ObjectRole::Media).map(|o| o.key.as_str()), Some("k/media.mp4"));
        assert_eq!(found.object(ObjectRole::Captions).map(|o| o.key.as_str()), Some("k/captions.vtt"));
        assert!(lib.pending_upload("team", "k/media.mp4").expect("read").is_none());
        assert_eq!(lib.remove_storage_target("team").expect("remove").1, 1);
        assert!(lib.publications(id).expect("list").is_empty());
    }

    #[test]
    fn publications_from_before_captions_survive_the_upgrade() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join("clips")).expect("clips dir");
        let id = ClipId::new();
        {
            let conn = rusqlite::Connection::open(dir.path().join("library.db")).expect("raw");
            for sql in [
                include_str!("../migrations/0001_initial.sql"),
                include_str!("../migrations/0002_workflow.sql"),
                include_str!("../migrations/0003_storage.sql"),
                include_str!("../migrations/0004_search_kind.sql"),
                include_str!("../migrations/0005_transcripts.sql"),
            ] {
                conn.execute_batch(sql).expect("old schema");
            }
            conn.pragma_update(None, "user_version", 5).expect("version 5");
            conn.execute_batch(&format!(
                "INSERT INTO storage_targets (name, bucket, region, created_at) VALUES ('team', 'clips', 'garage', 0);
                 INSERT INTO clips (id, title, created_at, media_path, status) VALUES ('{id}', 'a', 0, 'clips/a.mp4', 'ready');
                 INSERT INTO publications (clip_id, target, published_at) VALUES ('{id}', 'team', 0);
                 INSERT INTO published_objects (clip_id, target, role, key, size_bytes, sha256)
                      VALUES ('{id}', 'team', 'media', 'k/media.mp4', 20, 'ab');"
            ))
            .expect("a publication from before");
        }
        let mut lib = Library::open(dir.path()).expect("an old library opens");
        let found = lib.publication(id, "team").expect("read").expect("still published");
        assert_eq!(found.object(ObjectRole::Media).map(|o| o.key.as_str()), Some("k/media.mp4"));
        let with_captions = Publication {
            objects: vec![PublishedObject {
                role: ObjectRole::Captions,
                key: "k/captions.vtt".into(),
                size_bytes: 9,
                etag: None,
                sha256: "cd".into(),
            }],
            ..found
        };
        lib.record_publication(&with_captions).expect("captions are a role now");
        let found = lib.publication(id, "team").expect("read").expect("published");
        assert_eq!(found.object(ObjectRole::Captions).map(|o| o.key.as_str()), Some("k/captions.vtt"));
    }
}
