//! `afterword storage add NAME s3://bucket/prefix --endpoint URL --region R
//! [--profile P]`, `storage list`, `storage remove NAME`, `storage test NAME`
//! and `storage import NAME CLIP` (a clip published elsewhere, played from the
//! bucket). Credentials come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or
//! the profile, when a target is used; the library never stores them.

use afterword_library::{ClipId, Library, StorageTarget};
use afterword_storage::{Store, TargetForm, add_target};
use clap::Subcommand;
use serde_json::json;

use crate::{
    cmd::id,
    output::{emit, when},
};

#[derive(Debug, Subcommand)]
pub enum StorageCmd {
    /// Add a target clips can be published to.
    Add {
        name: String,
        /// s3://bucket or s3://bucket/prefix
        url: String,
        /// An S3-compatible endpoint (Garage, MinIO, R2), e.g. http://127.0.0.1:3900; AWS when absent.
        #[arg(long, value_name = "URL")]
        endpoint: Option<String>,
        #[arg(long, default_value = "us-east-1")]
        region: String,
        /// Read the access key from this profile in ~/.aws/credentials when the target is used
        /// (default: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY).
        #[arg(long)]
        profile: Option<String>,
        /// Where the bucket is read without a key (a bucket website, a CDN, R2's public domain);
        /// published pages' links point there. Default: the endpoint.
        #[arg(long, value_name = "URL")]
        public_url: Option<String>,
    },
    /// The targets, by name.
    List,
    /// Forget a target (objects already published stay in the bucket).
    Remove { name: String },
    /// Write, read back and delete a probe object to prove a target works.
    Test { name: String },
    /// Add a clip published to a target by another library (it plays from the bucket).
    Import { name: String, clip: String },
}

pub fn run(lib: &mut Library, cmd: StorageCmd, json: bool) -> anyhow::Result<()> {
    match cmd {
        StorageCmd::Add { name, url, endpoint, region, profile, public_url } => {
            let form = TargetForm {
                name: &name,
                url: &url,
                endpoint: endpoint.as_deref(),
                region: &region,
                profile: profile.as_deref(),
                public_url: public_url.as_deref(),
            };
            let target = add_target(lib, form)?;
            emit(json, &target, |t| {
                println!("Added {} ({}). Check it with `afterword storage test {}`.", t.name, describe(t), t.name);
            })
        }
        StorageCmd::List => emit(json, &lib.storage_targets()?, |targets| {
            if targets.is_empty() {
                println!("No storage targets; add one with `afterword storage add NAME s3://bucket/prefix`.");
            }
            for t in targets {
                println!("{:<16} {}  (added {})", t.name, describe(t), when(t.created_at));
            }
        }),
        StorageCmd::Remove { name } => {
            let (target, published) = lib.remove_storage_target(&name)?;
            emit(json, &json!({ "removed": target, "publications_forgotten": published }), |_| {
                println!("Removed {name}; {published} published clip(s) forgotten (their objects stay in the bucket).");
            })
        }
        StorageCmd::Test { name } => {
            let target = lib.storage_target(&name)?;
            let took = runtime()?.block_on(async { Store::open(&target)?.check().await })?;
            emit(json, &json!({ "target": name, "ok": true, "millis": took.as_millis() }), |_| {
                println!("{name} works: wrote, read back and deleted a probe object in {} ms.", took.as_millis());
            })
        }
        StorageCmd::Import { name, clip } => {
            let clip: ClipId = id(&clip)?;
            let target = lib.storage_target(&name)?;
            let clip = runtime()?.block_on(async {
                let store = Store::open(&target)?;
                afterword_storage::import(lib, &store, clip).await
            })?;
            emit(json, &clip, |c| println!("Imported {} ({}); it plays from {name}.", c.id, c.title))
        }
    }
}

fn describe(t: &StorageTarget) -> String {
    let prefix = if t.prefix.is_empty() { String::new() } else { format!("/{}", t.prefix) };
    let endpoint = t.endpoint.as_deref().unwrap_or("AWS");
    let creds = t.profile.as_deref().map_or("keys from the environment".to_owned(), |p| format!("profile {p}"));
    let public = t.public_url.as_deref().map_or(String::new(), |u| format!(", links at {u}"));
    format!("s3://{}{prefix} at {endpoint}, region {}, {creds}{public}", t.bucket, t.region)
}

/// A runtime for one storage command: the library stays on this thread.
pub fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread().worker_threads(2).thread_name("storage").enable_all().build()?)
}
