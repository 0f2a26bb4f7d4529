//! How the webview gets clip videos and thumbnails: a small HTTP server on
//! 127.0.0.1 (a free port), serving only files in the library's clips and
//! renders folders (originals, and the files edited clips play), under a
//! random 128-bit path prefix that only this app's pages know.
//!
//! Why not Tauri's `asset:` protocol: WebKitGTK hands `<video>` to GStreamer,
//! which cannot read custom URI schemes — the player failed with
//! `MEDIA_ERR_SRC_NOT_SUPPORTED` (images loaded). Why not the share server: it
//! serves clips only by link token (a clip must not get a link just to be
//! listed) and marks its responses same-origin, so another origin cannot
//! embed them. A plain loopback server with tower-http's `ServeFile` answers
//! byte ranges, so seeking works and nothing leaves this machine.

use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;

use axum::extract::{Path, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::ServeFile;

use crate::camera::Previews;
use crate::error::{Error, Result};

#[derive(Debug, Clone)]
pub struct MediaServer {
    /// `http://127.0.0.1:<port>/<secret>`; a file is `<base>/clips/<name>`
    /// or `<base>/renders/<name>`.
    pub base: String,
}

#[derive(Debug)]
struct Served {
    secret: String,
    clips: PathBuf,
    renders: PathBuf,
    cameras: Arc<Previews>,
}

/// The library's folders this server serves, as stored paths begin.
const FOLDERS: [&str; 2] = ["clips", "renders"];

impl MediaServer {
    pub async fn start(clips: PathBuf, renders: PathBuf, cameras: Arc<Previews>) -> Result<MediaServer> {
        let listener = tokio::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))
            .await
            .map_err(Error::io("cannot start the media server"))?;
        let addr: SocketAddr = listener.local_addr().map_err(Error::io("cannot start the media server"))?;
        let secret = format!("{:032x}", rand::random::<u128>());
        let base = format!("http://{addr}/{secret}");
        let app = axum::Router::new()
            .route("/{secret}/{folder}/{file}", axum::routing::get(serve))
            .with_state(Arc::new(Served { secret, clips, renders, cameras }));
        tauri::async_runtime::spawn(async move {
            if let Err(e) = axum::serve(listener, app).await {
                tracing::error!(error = %e, "media server stopped");
            }
        });
        Ok(MediaServer { base })
    }

    /// The URL of a camera's newest picture, a JPEG (ask again for the next).
    pub fn camera_url(&self, name: &str) -> String {
        let name = percent_encoding::utf8_percent_encode(name, percent_encoding::NON_ALPHANUMERIC);
        format!("{}/camera/{name}", self.base)
    }

    /// The URL of a file stored in the library (`clips/<name>`,
    /// `renders/<name>`), if it is one this server may serve.
    pub fn url(&self, stored: &str) -> Option<String> {
        let (folder, name) = stored.split_once('/')?;
        (FOLDERS.contains(&folder) && plain_name(name)).then(|| format!("{}/{folder}/{name}", self.base))
    }
}

/// A file name with no directory parts, so a request cannot leave the folder.
fn plain_name(name: &str) -> bool {
    !name.is_empty() && !name.starts_with('.') && !name.contains(['/', '\\'])
}

async fn serve(
    State(s): State<Arc<Served>>,
    Path((secret, folder, file)): Path<(String, String, String)>,
    req: Request,
) -> Response {
    let dir = match folder.as_str() {
        "camera" if secret == s.secret => return camera(&s.cameras, file).await,
        "clips" => &s.clips,
        "renders" => &s.renders,
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    if secret != s.secret || !plain_name(&file) {
        return StatusCode::NOT_FOUND.into_response();
    }
    match ServeFile::new(dir.join(&file)).oneshot(req).await {
        Ok(response) => response.into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

/// A camera's newest picture, never cached; 404 with the reason when the
/// camera cannot be opened or has gone (readable by the app's pages, whose
/// origin is not this server's: the path's secret is what guards it).
async fn camera(cameras: &Arc<Previews>, name: String) -> Response {
    let cameras = cameras.clone();
    let (status, response) = match tokio::task::spawn_blocking(move || cameras.picture(&name)).await {
        Ok(Ok(jpeg)) => (StatusCode::OK, ([(header::CONTENT_TYPE, "image/jpeg")], jpeg).into_response()),
        Ok(Err(e)) => (StatusCode::NOT_FOUND, e.to_string().into_response()),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string().into_response()),
    };
    let mut response = (status, response).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, header::HeaderValue::from_static("no-store"));
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, header::HeaderValue::from_static("*"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn get(url: &str, range: Option<&str>) -> (u16, Vec<u8>) {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let rest = url.strip_prefix("http://").expect("http url");
        let (host, path) = rest.split_once('/').expect("path");
        let mut stream = tokio::net::TcpStream::connect(host).await.expect("connects");
        let range = range.map(|r| format!("Range: {r}\r\n")).unwrap_or_default();
        stream.write_all(format!("GET /{path} HTTP/1.0\r\n{range}\r\n").as_bytes()).await.expect("writes");
        let mut answer = Vec::new();
        stream.read_to_end(&mut answer).await.expect("reads");
        let split = answer.windows(4).position(|w| w == b"\r\n\r\n").expect("headers") + 4;
        let status = String::from_utf8_lossy(&answer[9..12]).parse().expect("status");
        (status, answer[split..].to_vec())
    }

    #[tokio::test]
    async fn serves_clip_and_render_files_with_byte_ranges_and_nothing_else() {
        let dir = tempfile::tempdir().expect("tempdir");
        let (clips, renders) = (dir.path().join("clips"), dir.path().join("renders"));
        std::fs::create_dir_all(&clips).expect("mkdir");
        std::fs::create_dir_all(&renders).expect("mkdir");
        std::fs::write(clips.join("a.mp4"), b"0123456789").expect("write");
        std::fs::write(renders.join("a-r1.mp4"), b"01234").expect("write");
        std::fs::write(dir.path().join("library.db"), b"secret").expect("write");
        let server = MediaServer::start(clips, renders, Arc::default()).await.expect("starts");
        let render = server.url("renders/a-r1.mp4").expect("servable");
        assert_eq!(get(&render, Some("bytes=1-2")).await, (206, b"12".to_vec()));
        assert_eq!(server.url("exports/a.mp4"), None);
        let elsewhere = render.replace("/renders/", "/exports/");
        assert_eq!(get(&elsewhere, None).await.0, 404);
        let url = server.url("clips/a.mp4").expect("servable");
        assert_eq!(get(&url, None).await, (200, b"0123456789".to_vec()));
        assert_eq!(get(&url, Some("bytes=2-4")).await, (206, b"234".to_vec()));
        assert_eq!(server.url("library.db"), None);
        assert_eq!(server.url("clips/../library.db"), None);
        let wrong = url.replace(&server.base, "http://x/0000").replace("http://x/", &format!("{}/../", server.base));
        assert_ne!(get(&wrong, None).await.0, 200);
        let other_secret = format!("{}/clips/a.mp4", &server.base[..server.base.len() - 1]);
        assert_eq!(get(&other_secret, None).await.0, 404);
    }
}
