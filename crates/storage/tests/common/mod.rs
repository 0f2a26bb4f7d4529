//! Shared by the storage tests (and the CLI's publish tests, by path): a real
//! Garage node, a fault-injecting proxy, and clips in a scratch library.
#![allow(dead_code, clippy::unwrap_used)]

pub mod garage;
pub mod proxy;

use std::{
    path::{Path, PathBuf},
    process::Command,
};

use afterword_library::{ClipId, ClipMedia, ClipStatus, Library, NewClip, NewStorageTarget};

/// A library in a temporary folder.
pub fn library() -> (tempfile::TempDir, Library) {
    let dir = tempfile::tempdir().expect("tempdir");
    let lib = Library::open(dir.path()).expect("open library");
    (dir, lib)
}

/// Adds target `name` pointing at `endpoint` (Garage or the proxy).
pub fn add_target(lib: &mut Library, name: &str, endpoint: &str) {
    lib.add_storage_target(NewStorageTarget {
        name: name.into(),
        bucket: garage::BUCKET.into(),
        prefix: "team/notes".into(),
        endpoint: Some(endpoint.into()),
        region: garage::REGION.into(),
        profile: None,
        public_url: None,
    })
    .expect("add target");
}

/// Copies `media` (and an optional thumbnail) into the library as a clip.
pub fn add_clip(lib: &mut Library, media: &Path, thumbnail: Option<&[u8]>) -> ClipId {
    let id = ClipId::new();
    let rel = format!("clips/{id}.mp4");
    std::fs::copy(media, lib.resolve(&rel)).expect("copy media");
    let thumbnail_path = thumbnail.map(|bytes| {
        let rel = format!("clips/{id}.jpg");
        std::fs::write(lib.resolve(&rel), bytes).expect("thumbnail");
        rel
    });
    let size_bytes = std::fs::metadata(media).expect("media").len();
    let media = ClipMedia {
        duration_ms: 2_000,
        width: Some(320),
        height: Some(240),
        size_bytes,
        media_path: rel,
        thumbnail_path,
        capture: Default::default(),
    };
    lib.add_clip(NewClip { id, title: "Storage test".into(), status: ClipStatus::Ready, media }).expect("add clip");
    id
}

/// A small real MP4 (2 s, 320x240), made once per target dir.
pub fn small_clip() -> PathBuf {
    make_clip("small.mp4", &["-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-t", "2", "-c:v", "libx264"])
}

/// A ~50 MB real MP4 (60 s of 1280x720 at 7 Mb/s), made once per target dir.
pub fn large_clip() -> PathBuf {
    make_clip(
        "large-50mb.mp4",
        &[
            "-f",
            "lavfi",
            "-i",
            "testsrc2=size=1280x720:rate=30",
            "-t",
            "60",
            "-c:v",
            "libx264",
            "-preset",
            "ultrafast",
            "-b:v",
            "7M",
            "-minrate",
            "7M",
            "-maxrate",
            "7M",
            "-bufsize",
            "2M",
        ],
    )
}

fn make_clip(name: &str, args: &[&str]) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("afterword-storage");
    std::fs::create_dir_all(&dir).expect("tmp dir");
    let path = dir.join(name);
    if path.is_file() {
        return path;
    }
    let partial = dir.join(format!("{name}.{}.partial.mp4", std::process::id()));
    let out = Command::new("ffmpeg")
        .args(["-y", "-loglevel", "error"])
        .args(args)
        .args(["-pix_fmt", "yuv420p", "-movflags", "+faststart"])
        .arg(&partial)
        .output()
        .expect("ffmpeg (Debian package ffmpeg) must be installed");
    assert!(out.status.success(), "ffmpeg: {}", String::from_utf8_lossy(&out.stderr));
    std::fs::rename(&partial, &path).expect("rename clip");
    path
}

pub fn sha256(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}
