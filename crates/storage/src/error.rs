//! The storage crate's one error type. Store failures are sorted into what a
//! person can act on (credentials, bucket, endpoint, quota, a dropped
//! connection), each saying what to do next; [`StorageError::is_user_error`]
//! tells the CLI which ones exit with status 2. Messages name environment
//! variables and files but no client's flags: the CLI adds those (`hint.rs`).

use std::path::PathBuf;

pub type Result<T, E = StorageError> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum StorageError {
    #[error("{given:?} is not a storage URL; write it as s3://bucket or s3://bucket/prefix")]
    BadUrl { given: String },

    #[error("{given:?} is not an endpoint URL; give one like http://127.0.0.1:3900 or https://s3.example.com")]
    BadEndpoint { given: String },

    #[error(
        "{given:?} is not a public URL; give the http(s) address where the bucket is read without a key, \
         such as https://clips.example.com"
    )]
    BadPublicUrl { given: String },

    #[error(
        "no credentials for target {target:?}: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, \
         or give the target an AWS profile"
    )]
    NoCredentials { target: String },

    #[error("the AWS profile {profile:?} is not in {}; add it there or pick another profile", path.display())]
    NoProfile { profile: String, path: PathBuf },

    #[error(
        "{endpoint} refused the credentials for target {target:?}; check AWS_ACCESS_KEY_ID and \
         AWS_SECRET_ACCESS_KEY (or the target's profile) and that the key may write to bucket {bucket:?}"
    )]
    BadCredentials { target: String, endpoint: String, bucket: String },

    #[error(
        "bucket {bucket:?} does not exist at {endpoint}; create it, or remove and add the target \
         {target:?} with the right bucket"
    )]
    NoBucket { target: String, endpoint: String, bucket: String },

    #[error("{endpoint} does not answer; check that the store is running and target {target:?}'s endpoint")]
    Unreachable { target: String, endpoint: String },

    #[error(
        "the connection to {endpoint} dropped during the upload; run the same command again to resume \
         (parts already sent are kept)"
    )]
    Interrupted { endpoint: String },

    #[error("bucket {bucket:?} is full (its quota is reached); free space or raise the quota, then publish again")]
    QuotaExceeded { bucket: String },

    #[error("no object {key:?} in target {target:?}; publish the clip again")]
    ObjectMissing { target: String, key: String },

    #[error("clip {clip} is still being recorded; publish it once the recording stops")]
    StillRecording { clip: String },

    #[error("clip {clip} was edited and the file of its new cut is not made yet; publish it once it is rendered")]
    NotRendered { clip: String },

    #[error("the clip's media {} is not on this machine, so it cannot be published from here", path.display())]
    MediaMissing { path: PathBuf },

    // The causes are part of these messages, not `source()`: the CLI prints
    // a chain of causes, and each would be said twice.
    #[error("the store answered an error: {}", error_text(.0))]
    Store(object_store::Error),

    #[error("{}: {error}", path.display())]
    Io { path: PathBuf, error: std::io::Error },

    #[error(transparent)]
    Library(#[from] afterword_library::Error),

    #[error("the published metadata {key:?} is not readable ({error}); publish the clip again")]
    BadMetadata { key: String, error: serde_json::Error },
}

impl StorageError {
    /// True when changing the command, the target or the environment fixes it
    /// (the CLI exits with status 2); a retry is also the fix for `Interrupted`.
    pub fn is_user_error(&self) -> bool {
        match self {
            StorageError::Library(e) => e.is_user_error(),
            StorageError::Store(_) | StorageError::Io { .. } | StorageError::BadMetadata { .. } => false,
            _ => true,
        }
    }
}

/// Where a store error happened, to name it in the message.
#[derive(Debug, Clone)]
pub(crate) struct Place {
    pub(crate) target: String,
    pub(crate) endpoint: String,
    pub(crate) bucket: String,
}

impl Place {
    /// Sorts an `object_store` error into the case a person can act on. S3
    /// error codes only survive inside the error's text, so that is read.
    pub(crate) fn classify(&self, e: object_store::Error) -> StorageError {
        let text = error_text(&e);
        let lower = text.to_ascii_lowercase();
        let (target, endpoint, bucket) = (self.target.clone(), self.endpoint.clone(), self.bucket.clone());
        if lower.contains("quota") {
            StorageError::QuotaExceeded { bucket }
        } else if lower.contains("nosuchbucket") || lower.contains("bucket not found") {
            StorageError::NoBucket { target, endpoint, bucket }
        } else if matches!(
            e,
            object_store::Error::Unauthenticated { .. } | object_store::Error::PermissionDenied { .. }
        ) || ["invalidaccesskeyid", "signaturedoesnotmatch", "accessdenied", "forbidden"]
            .iter()
            .any(|code| lower.contains(code))
        {
            StorageError::BadCredentials { target, endpoint, bucket }
        } else if ["connection refused", "error sending request", "timed out", "tcp connect", "dns error"]
            .iter()
            .any(|s| lower.contains(s))
        {
            StorageError::Unreachable { target, endpoint }
        } else if ["connection reset", "broken pipe", "connection closed", "unexpected eof", "incomplete"]
            .iter()
            .any(|s| lower.contains(s))
        {
            StorageError::Interrupted { endpoint }
        } else {
            StorageError::Store(e)
        }
    }
}

/// The error and all its causes in one line.
pub(crate) fn error_text(e: &(dyn std::error::Error + 'static)) -> String {
    let mut text = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        text.push_str(": ");
        text.push_str(&c.to_string());
        cause = c.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place() -> Place {
        Place { target: "team".into(), endpoint: "http://127.0.0.1:1".into(), bucket: "clips".into() }
    }

    fn generic(msg: &str) -> object_store::Error {
        object_store::Error::Generic { store: "S3", source: msg.to_owned().into() }
    }

    #[test]
    fn store_errors_are_sorted_into_what_a_person_can_fix() {
        let p = place();
        assert!(matches!(p.classify(generic("<Code>NoSuchBucket</Code>")), StorageError::NoBucket { .. }));
        assert!(matches!(p.classify(generic("<Code>InvalidAccessKeyId</Code>")), StorageError::BadCredentials { .. }));
        assert!(matches!(p.classify(generic("Bucket size quota is reached")), StorageError::QuotaExceeded { .. }));
        assert!(matches!(
            p.classify(generic("tcp connect error: Connection refused")),
            StorageError::Unreachable { .. }
        ));
        assert!(matches!(p.classify(generic("connection reset by peer")), StorageError::Interrupted { .. }));
        assert!(matches!(p.classify(generic("something else")), StorageError::Store(_)));
        assert!(!StorageError::Store(generic("x")).is_user_error());
        assert!(StorageError::Interrupted { endpoint: "e".into() }.is_user_error());
    }
}
