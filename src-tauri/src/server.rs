//! The share server, in-process: the same `afterword_share::router` that
//! `afterword serve` runs, on the app's async runtime. Loopback by default;
//! every interface when the LAN setting is on. If the chosen port is taken
//! (another Afterword, an `afterword serve`), the OS picks a free one.

use std::net::{Ipv4Addr, SocketAddr};

use afterword_library::Library;
use afterword_share::{ShareConfig, ShareState};

use crate::{error::Result, settings::Settings};

#[derive(Debug, Clone)]
pub struct ShareServer {
    pub state: ShareState,
    pub addr: SocketAddr,
}

impl ShareServer {
    /// Binds and starts serving in the background.
    pub async fn start(library: Library, settings: &Settings) -> Result<ShareServer> {
        Self::start_with(settings, |config| Ok(ShareState::new(library, config)?)).await
    }

    /// Like [`Self::start`], with the state built by the caller from the config.
    pub async fn start_with(
        settings: &Settings,
        make_state: impl FnOnce(ShareConfig) -> Result<ShareState>,
    ) -> Result<ShareServer> {
        let ip = if settings.serve_lan { Ipv4Addr::UNSPECIFIED } else { Ipv4Addr::LOCALHOST };
        let listener = match tokio::net::TcpListener::bind((ip, settings.share_port)).await {
            Ok(l) => l,
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {
                tracing::warn!(port = settings.share_port, "share port taken; using a free one");
                tokio::net::TcpListener::bind((ip, 0))
                    .await
                    .map_err(crate::error::Error::io("cannot start the share server"))?
            }
            Err(e) => return Err(crate::error::Error::io("cannot start the share server")(e)),
        };
        let addr = listener.local_addr().map_err(crate::error::Error::io("cannot start the share server"))?;
        let state = make_state(ShareConfig::new(base_url(settings, addr)))?;
        let app = afterword_share::router(state.clone()).into_make_service_with_connect_info::<SocketAddr>();
        tauri::async_runtime::spawn(async move {
            if let Err(e) = axum::serve(listener, app).await {
                tracing::error!(error = %e, "share server stopped");
            }
        });
        tracing::info!(%addr, "share server listening");
        Ok(ShareServer { state, addr })
    }

    /// The base of the links this app hands out.
    pub fn base_url(&self) -> &str {
        &self.state.config().base_url
    }
}

/// The configured base URL, or the address people on this machine reach.
pub fn base_url(settings: &Settings, addr: SocketAddr) -> String {
    match &settings.share_base_url {
        Some(url) if !url.trim().is_empty() => url.trim().trim_end_matches('/').to_owned(),
        _ => format!("http://127.0.0.1:{}", addr.port()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_use_the_configured_base_or_the_loopback_port() {
        let addr: SocketAddr = "0.0.0.0:7878".parse().expect("addr");
        assert_eq!(base_url(&Settings::default(), addr), "http://127.0.0.1:7878");
        let s = Settings { share_base_url: Some("https://notes.example.org/".into()), ..Settings::default() };
        assert_eq!(base_url(&s, addr), "https://notes.example.org");
    }

    #[tokio::test]
    async fn the_in_process_server_answers_on_loopback() {
        let dir = tempfile::tempdir().expect("tempdir");
        let library = Library::open(dir.path().join("lib")).expect("library");
        let viewer_dir = dir.path().join("dist");
        std::fs::create_dir_all(&viewer_dir).expect("mkdir");
        std::fs::write(viewer_dir.join("viewer.html"), "<!--afterword:meta-->").expect("write");
        let viewer = afterword_share::Viewer::from_dir(&viewer_dir).expect("viewer");
        let settings = Settings { share_port: 0, ..Settings::default() };
        let owner = afterword_share::OwnerKey::random();
        let server =
            ShareServer::start_with(&settings, |config| Ok(ShareState::with_parts(library, config, viewer, owner)))
                .await
                .expect("starts");
        assert!(server.addr.ip().is_loopback());
        let mut stream = tokio::net::TcpStream::connect(server.addr).await.expect("connects");
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        stream.write_all(b"GET /healthz HTTP/1.0\r\n\r\n").await.expect("writes");
        let mut answer = String::new();
        stream.read_to_string(&mut answer).await.expect("reads");
        assert!(answer.starts_with("HTTP/1.0 200") && answer.ends_with("ok"), "{answer}");
    }
}
