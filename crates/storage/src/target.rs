//! Describing a target: `s3://bucket/prefix` URLs, endpoint URLs, and the
//! credentials for a target, read at the moment it is used — from a named
//! profile in the AWS credentials file, or the usual AWS environment variables.
//! They are never written anywhere by Afterword.

use std::path::PathBuf;

use afterword_library::{Library, NewStorageTarget, StorageTarget};

use crate::error::{Result, StorageError};

/// A target as a person writes it, in the CLI's arguments or the app's form:
/// a name, an `s3://bucket/prefix` URL, an endpoint (AWS when absent or
/// blank), a region, a profile (the environment's keys when absent or
/// blank) and where its objects are read without a key (absent or blank: at
/// the endpoint).
#[derive(Debug, Clone, Copy)]
pub struct TargetForm<'a> {
    pub name: &'a str,
    pub url: &'a str,
    pub endpoint: Option<&'a str>,
    pub region: &'a str,
    pub profile: Option<&'a str>,
    pub public_url: Option<&'a str>,
}

/// Checks the URL and endpoint of `form` and adds the target to the library.
pub fn add_target(lib: &mut Library, form: TargetForm<'_>) -> Result<StorageTarget> {
    fn given(v: Option<&str>) -> Option<&str> {
        v.map(str::trim).filter(|v| !v.is_empty())
    }
    let url = parse_url(form.url)?;
    let endpoint = given(form.endpoint).map(parse_endpoint).transpose()?;
    let region = given(Some(form.region)).unwrap_or("us-east-1").to_owned();
    let new = NewStorageTarget {
        name: form.name.trim().to_owned(),
        bucket: url.bucket,
        prefix: url.prefix,
        endpoint,
        region,
        profile: given(form.profile).map(str::to_owned),
        public_url: given(form.public_url).map(parse_public_url).transpose()?,
    };
    Ok(lib.add_storage_target(new)?)
}

/// Where an object of `target` is read over plain HTTP: under its public
/// URL when it has one, else path-style under its endpoint, or AWS's
/// virtual-hosted URL; those open for anyone only when the bucket lets
/// anonymous readers in.
pub fn object_url(target: &StorageTarget, key: &str) -> String {
    match (target.public_url.as_deref(), target.endpoint.as_deref()) {
        (Some(public), _) => format!("{public}/{key}"),
        (None, Some(endpoint)) => format!("{endpoint}/{}/{key}", target.bucket),
        (None, None) => format!("https://{}.s3.{}.amazonaws.com/{key}", target.bucket, target.region),
    }
}

/// Checks a public URL (`https://clips.example.com`, a path allowed) and
/// drops a trailing slash.
pub fn parse_public_url(given: &str) -> Result<String> {
    let trimmed = given.trim().trim_end_matches('/');
    let rest = trimmed.strip_prefix("http://").or_else(|| trimmed.strip_prefix("https://")).unwrap_or_default();
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty() || trimmed.contains(char::is_whitespace) || trimmed.contains(['?', '#']) {
        return Err(StorageError::BadPublicUrl { given: given.to_owned() });
    }
    Ok(trimmed.to_owned())
}

/// The bucket and prefix of an `s3://bucket/prefix` URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetUrl {
    pub bucket: String,
    /// Without leading or trailing slashes; may be empty.
    pub prefix: String,
}

/// Reads `s3://bucket` or `s3://bucket/some/prefix`.
pub fn parse_url(given: &str) -> Result<TargetUrl> {
    let bad = || StorageError::BadUrl { given: given.to_owned() };
    let rest = given.trim().strip_prefix("s3://").ok_or_else(bad)?;
    let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
    // S3's bucket naming rules: 3-63 lowercase letters, digits, '-' and '.'.
    let bucket_ok = (3..=63).contains(&bucket.len())
        && bucket.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '.'));
    let prefix = prefix.trim_matches('/');
    if !bucket_ok || prefix.contains("//") || prefix.chars().any(|c| c.is_control() || c == '\\') {
        return Err(bad());
    }
    Ok(TargetUrl { bucket: bucket.to_owned(), prefix: prefix.to_owned() })
}

/// Checks an endpoint URL and drops a trailing slash.
pub fn parse_endpoint(given: &str) -> Result<String> {
    let trimmed = given.trim().trim_end_matches('/');
    let host = trimmed.strip_prefix("http://").or_else(|| trimmed.strip_prefix("https://")).unwrap_or_default();
    if host.is_empty() || host.contains(char::is_whitespace) || host.contains('/') {
        return Err(StorageError::BadEndpoint { given: given.to_owned() });
    }
    Ok(trimmed.to_owned())
}

/// An access key, as the store needs it. `Debug` hides the secret.
#[derive(Clone)]
pub struct Keys {
    pub key_id: String,
    pub secret: String,
    pub token: Option<String>,
}

impl Keys {
    pub fn new(key_id: impl Into<String>, secret: impl Into<String>) -> Self {
        Keys { key_id: key_id.into(), secret: secret.into(), token: None }
    }
}

impl std::fmt::Debug for Keys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Keys").field("key_id", &self.key_id).finish_non_exhaustive()
    }
}

/// The credentials for target `target`: its profile when it names one, else
/// `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` (and `AWS_SESSION_TOKEN`),
/// else the profile in `AWS_PROFILE`.
pub(crate) fn keys(target: &str, profile: Option<&str>) -> Result<Keys> {
    if let Some(profile) = profile {
        return from_profile(profile);
    }
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    if let (Some(key_id), Some(secret)) = (env("AWS_ACCESS_KEY_ID"), env("AWS_SECRET_ACCESS_KEY")) {
        return Ok(Keys { key_id, secret, token: env("AWS_SESSION_TOKEN") });
    }
    if let Some(profile) = env("AWS_PROFILE") {
        return from_profile(&profile);
    }
    Err(StorageError::NoCredentials { target: target.to_owned() })
}

fn credentials_file() -> PathBuf {
    if let Some(p) = std::env::var_os("AWS_SHARED_CREDENTIALS_FILE") {
        return PathBuf::from(p);
    }
    let home = std::env::var_os("HOME").or_else(|| std::env::var_os("USERPROFILE")).unwrap_or_default();
    PathBuf::from(home).join(".aws").join("credentials")
}

fn from_profile(profile: &str) -> Result<Keys> {
    let path = credentials_file();
    let missing = || StorageError::NoProfile { profile: profile.to_owned(), path: path.clone() };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(missing()),
        Err(error) => return Err(StorageError::Io { path, error }),
    };
    let section = profile_section(&text, profile).ok_or_else(missing)?;
    let get = |k: &str| section.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
    match (get("aws_access_key_id"), get("aws_secret_access_key")) {
        (Some(key_id), Some(secret)) => Ok(Keys { key_id, secret, token: get("aws_session_token") }),
        _ => Err(missing()),
    }
}

/// The `key = value` pairs of `[profile]` in an INI-style credentials file.
fn profile_section(text: &str, profile: &str) -> Option<Vec<(String, String)>> {
    let mut found = None;
    let mut current: Option<&str> = None;
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let name = name.trim();
            current = Some(name.strip_prefix("profile ").unwrap_or(name).trim());
            if current == Some(profile) {
                found.get_or_insert_with(Vec::new);
            }
            continue;
        }
        if current == Some(profile)
            && let (Some(pairs), Some((k, v))) = (found.as_mut(), line.split_once('='))
        {
            let pairs: &mut Vec<(String, String)> = pairs;
            pairs.push((k.trim().to_ascii_lowercase(), v.trim().to_owned()));
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_bucket_and_prefix_from_s3_urls() {
        let url = parse_url("s3://team-clips/afterword/notes/").expect("valid");
        assert_eq!((url.bucket.as_str(), url.prefix.as_str()), ("team-clips", "afterword/notes"));
        assert_eq!(parse_url("s3://clips").expect("valid").prefix, "");
        for bad in ["clips", "http://clips", "s3://", "s3://UPPER", "s3://a", "s3://ok-bucket/a//b"] {
            assert!(matches!(parse_url(bad), Err(StorageError::BadUrl { .. })), "{bad}");
        }
    }

    #[test]
    fn endpoints_are_http_urls_without_a_path() {
        assert_eq!(parse_endpoint("http://127.0.0.1:3900/").expect("ok"), "http://127.0.0.1:3900");
        for bad in ["127.0.0.1:3900", "ftp://x", "http://", "http://a b", "http://host/path"] {
            assert!(parse_endpoint(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn objects_are_read_path_style_at_an_endpoint_and_virtual_hosted_at_aws() {
        let mut t = StorageTarget {
            name: "team".into(),
            bucket: "clips".into(),
            prefix: String::new(),
            endpoint: Some("http://127.0.0.1:3900".into()),
            region: "eu-west-1".into(),
            profile: None,
            public_url: None,
            created_at: jiff::Timestamp::UNIX_EPOCH,
        };
        assert_eq!(object_url(&t, "a/index.html"), "http://127.0.0.1:3900/clips/a/index.html");
        t.endpoint = None;
        assert_eq!(object_url(&t, "a/index.html"), "https://clips.s3.eu-west-1.amazonaws.com/a/index.html");
        t.public_url = Some("https://clips.example.com/team".into());
        assert_eq!(object_url(&t, "a/index.html"), "https://clips.example.com/team/a/index.html");
    }

    #[test]
    fn public_urls_are_http_addresses_kept_without_a_trailing_slash() {
        assert_eq!(parse_public_url("https://clips.example.com/").expect("ok"), "https://clips.example.com");
        assert_eq!(parse_public_url("http://h:3902/team").expect("ok"), "http://h:3902/team");
        for bad in ["clips.example.com", "https://", "ftp://x", "https://a b", "https://x/?q=1"] {
            assert!(matches!(parse_public_url(bad), Err(StorageError::BadPublicUrl { .. })), "{bad}");
        }
    }

    #[test]
    fn a_form_with_blank_endpoint_and_profile_adds_an_aws_target_with_environment_keys() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut lib = Library::open(dir.path()).expect("library");
        let form = TargetForm {
            name: " team ",
            url: "s3://team-clips/notes/",
            endpoint: Some(" "),
            region: "",
            profile: Some(""),
            public_url: None,
        };
        let t = add_target(&mut lib, form).expect("added");
        assert_eq!((t.name.as_str(), t.bucket.as_str(), t.prefix.as_str()), ("team", "team-clips", "notes"));
        assert_eq!((t.endpoint, t.region.as_str(), t.profile, t.public_url), (None, "us-east-1", None, None));
        let bad = TargetForm { name: "x", url: "s3://ok-bucket", endpoint: Some("localhost:3900"), ..form };
        assert!(matches!(add_target(&mut lib, bad), Err(StorageError::BadEndpoint { .. })));
        assert_eq!(lib.storage_targets().expect("targets").len(), 1);
    }

    #[test]
    fn finds_a_profile_in_a_credentials_file() {
        let text = "[default]\naws_access_key_id = A\naws_secret_access_key = B\n\n\
                    [profile team]\n# comment\nAWS_ACCESS_KEY_ID=GK1\naws_secret_access_key = s3cr3t\n";
        let team = profile_section(text, "team").expect("found");
        assert!(team.contains(&("aws_access_key_id".into(), "GK1".into())));
        assert_eq!(profile_section(text, "default").map(|s| s.len()), Some(2));
        assert!(profile_section(text, "other").is_none());
    }
}
