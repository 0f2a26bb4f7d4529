//! The share server, in-process: the same `afterword_share::serve` that
//! `afterword serve` runs, on the app's async runtime. Loopback by default;
//! every interface when the LAN setting is on. At start-up a taken port is
//! replaced by a free one (the app must start); a port chosen later in
//! Settings that is taken is refused instead, and the running server stays.
//!
//! Saving Settings moves the server ([`ShareServer::apply`]): the new address
//! is bound *before* the old server is told to stop, so a failure leaves the
//! old one serving. Only when the new address overlaps the old (same port,
//! loopback ↔ every interface) is the old one stopped first, and restarted
//! on its address if the new bind still fails.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::Path;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use afterword_library::{ClipId, Library};
use afterword_share::{ShareConfig, ShareState};
use tokio::net::TcpListener;
use tokio::sync::oneshot;

use crate::{
    error::{Error, Result},
    settings::{Settings, SettingsError},
};

/// The running share server; [`ShareServer::apply`] swaps it for another.
#[derive(Debug)]
pub struct ShareServer {
    running: Mutex<Running>,
    /// One move at a time (two quick saves would race for the port).
    applying: tokio::sync::Mutex<()>,
}

#[derive(Debug)]
struct Running {
    state: ShareState,
    addr: SocketAddr,
    /// Dropping or sending stops the server gracefully: it stops accepting
    /// at once (the listener is dropped), closes the live-update streams and
    /// lets open requests finish (`afterword_share::serve`).
    stop: oneshot::Sender<()>,
}

impl Running {
    fn stop(self) {
        let _ = self.stop.send(());
    }
}

impl ShareServer {
    /// Binds (any free port if the chosen one is taken) and starts serving.
    pub async fn start(library: Library, settings: &Settings) -> Result<ShareServer> {
        Self::start_with(settings, |config| Ok(ShareState::new(library, config)?)).await
    }

    /// Like [`Self::start`], with the state built by the caller from the config.
    pub async fn start_with(
        settings: &Settings,
        make_state: impl FnOnce(ShareConfig) -> Result<ShareState>,
    ) -> Result<ShareServer> {
        let ip = listen_ip(settings);
        let listener = match bind(ip, settings.share_port).await {
            Err(Error::ShareBind { source, .. }) if source.kind() == std::io::ErrorKind::AddrInUse => {
                tracing::warn!(port = settings.share_port, "share port taken; using a free one");
                bind(ip, 0).await?
            }
            other => other?,
        };
        let running = serve(listener, settings, make_state)?;
        Ok(ShareServer { running: Mutex::new(running), applying: Default::default() })
    }

    /// Moves the server to what `settings` ask for (address, base URL),
    /// keeping the actual port when the port setting is unchanged from
    /// `previous`. Nothing changes on failure: the old server keeps serving.
    pub async fn apply(&self, home: &Path, previous: &Settings, settings: &Settings) -> Result<()> {
        self.apply_with(previous, settings, |config| Ok(ShareState::new(Library::open(home)?, config)?)).await
    }

    /// Like [`Self::apply`], with the state built by the caller (called
    /// again to restart the old server if the move fails).
    pub async fn apply_with(
        &self,
        previous: &Settings,
        settings: &Settings,
        make_state: impl Fn(ShareConfig) -> Result<ShareState>,
    ) -> Result<()> {
        let _one_at_a_time = self.applying.lock().await;
        let old = self.addr();
        let port = if settings.share_port == previous.share_port { old.port() } else { settings.share_port };
        let ip = listen_ip(settings);
        let want = SocketAddr::new(ip, port);
        if want == old && base_url(settings, want).is_ok_and(|base| base == self.base_url()) {
            return Ok(());
        }
        if port != old.port() || port == 0 {
            let next = serve(bind(ip, port).await?, settings, &make_state)?;
            std::mem::replace(&mut *self.lock(), next).stop();
            return Ok(());
        }
        // The old server holds the port: stop it, take the port, and give it
        // back if that fails.
        std::mem::replace(&mut self.lock().stop, oneshot::channel().0).send(()).ok();
        let moved = match bind_soon(ip, port).await {
            Ok(listener) => serve(listener, settings, &make_state),
            Err(e) => Err(e),
        };
        let (next, outcome) = match moved {
            Ok(next) => (next, Ok(())),
            Err(e) => {
                tracing::warn!(error = %e, "share server not moved; restarting it where it was");
                let back = serve(bind_soon(old.ip(), old.port()).await?, previous, &make_state)?;
                (back, Err(e))
            }
        };
        *self.lock() = next;
        outcome
    }

    /// The base of the links this app hands out.
    pub fn base_url(&self) -> String {
        self.lock().state.config().base_url.clone()
    }

    /// Where the server listens.
    pub fn addr(&self) -> SocketAddr {
        self.lock().addr
    }

    /// Tells open viewer pages of `clip` that its comments changed.
    pub fn notify_changed(&self, clip: ClipId) {
        self.lock().state.notify_changed(clip);
    }

    /// A poisoned lock only means a thread panicked mid-call; the handle
    /// inside is still a running server.
    fn lock(&self) -> MutexGuard<'_, Running> {
        self.running.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Loopback, or every interface when the LAN setting is on.
fn listen_ip(settings: &Settings) -> IpAddr {
    IpAddr::V4(if settings.serve_lan { Ipv4Addr::UNSPECIFIED } else { Ipv4Addr::LOCALHOST })
}

async fn bind(ip: IpAddr, port: u16) -> Result<TcpListener> {
    TcpListener::bind((ip, port)).await.map_err(|source| Error::ShareBind { addr: SocketAddr::new(ip, port), source })
}

/// Binds a port the old server is letting go of: axum drops its listener
/// as soon as it sees the stop signal, on another task, so wait briefly.
async fn bind_soon(ip: IpAddr, port: u16) -> Result<TcpListener> {
    for _ in 0..50 {
        match bind(ip, port).await {
            Err(Error::ShareBind { source, .. }) if source.kind() == std::io::ErrorKind::AddrInUse => {
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            other => return other,
        }
    }
    bind(ip, port).await
}

/// Starts serving on `listener` in the background until told to stop.
fn serve(
    listener: TcpListener,
    settings: &Settings,
    make_state: impl FnOnce(ShareConfig) -> Result<ShareState>,
) -> Result<Running> {
    let addr = listener.local_addr().map_err(Error::io("cannot start the share server"))?;
    let state = make_state(ShareConfig::new(base_url(settings, addr)?))?;
    let (stop, stopped) = oneshot::channel::<()>();
    let serving = afterword_share::serve(listener, state.clone(), async move {
        let _ = stopped.await;
    });
    tauri::async_runtime::spawn(async move {
        if let Err(e) = serving.await {
            tracing::error!(error = %e, "share server stopped");
        }
        tracing::info!(%addr, "share server stopped");
    });
    tracing::info!(%addr, "share server listening");
    Ok(Running { state, addr, stop })
}

/// The base of links served from `addr`, by the share crate's one rule:
/// the configured base URL, or the address people reach (this machine's
/// LAN address when serving the network).
pub fn base_url(settings: &Settings, addr: SocketAddr) -> Result<String> {
    afterword_share::base_url(settings.share_base_url.as_deref(), addr)
        .map_err(|e| Error::Settings(SettingsError::BaseUrl(e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_use_the_configured_base_or_the_address_people_reach() {
        let loopback: SocketAddr = "127.0.0.1:7878".parse().expect("addr");
        assert_eq!(base_url(&Settings::default(), loopback).expect("base"), "http://127.0.0.1:7878");
        let addr: SocketAddr = "0.0.0.0:7878".parse().expect("addr");
        let lan = base_url(&Settings::default(), addr).expect("base");
        assert!(lan.starts_with("http://") && lan.ends_with(":7878") && !lan.contains("0.0.0.0"), "{lan}");
        let s = Settings { share_base_url: Some("https://notes.example.org/".into()), ..Settings::default() };
        assert_eq!(base_url(&s, addr).expect("base"), "https://notes.example.org");
    }

    fn test_state(dir: &Path) -> impl Fn(ShareConfig) -> Result<ShareState> + use<> {
        let viewer_dir = dir.join("dist");
        std::fs::create_dir_all(&viewer_dir).expect("mkdir");
        std::fs::write(viewer_dir.join("viewer.html"), "<!--afterword:meta-->").expect("write");
        let home = dir.join("lib");
        let owner = afterword_share::OwnerKey::random();
        move |config| {
            let viewer = afterword_share::Viewer::from_dir(&viewer_dir).expect("viewer");
            Ok(ShareState::with_parts(Library::open(&home).expect("library"), config, viewer, owner.clone()))
        }
    }

    async fn health(addr: SocketAddr) -> std::io::Result<String> {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut stream = tokio::net::TcpStream::connect(addr).await?;
        stream.write_all(b"GET /healthz HTTP/1.0\r\n\r\n").await?;
        let mut answer = String::new();
        stream.read_to_string(&mut answer).await?;
        Ok(answer)
    }

    #[tokio::test]
    async fn the_in_process_server_answers_on_loopback() {
        let dir = tempfile::tempdir().expect("tempdir");
        let settings = Settings { share_port: 0, ..Settings::default() };
        let server = ShareServer::start_with(&settings, test_state(dir.path())).await.expect("starts");
        assert!(server.addr().ip().is_loopback());
        let answer = health(server.addr()).await.expect("answers");
        assert!(answer.starts_with("HTTP/1.0 200") && answer.ends_with("ok"), "{answer}");
    }

    #[tokio::test]
    async fn turning_lan_on_moves_the_server_to_every_interface_on_the_same_port() {
        let dir = tempfile::tempdir().expect("tempdir");
        let make = test_state(dir.path());
        let before = Settings { share_port: 0, ..Settings::default() };
        let server = ShareServer::start_with(&before, &make).await.expect("starts");
        let port = server.addr().port();
        let lan = Settings { serve_lan: true, ..before.clone() };
        server.apply_with(&before, &lan, &make).await.expect("moves");
        assert_eq!(server.addr(), SocketAddr::new(Ipv4Addr::UNSPECIFIED.into(), port));
        assert!(health(SocketAddr::new(Ipv4Addr::LOCALHOST.into(), port)).await.expect("answers").ends_with("ok"));
        server.apply_with(&lan, &before, &make).await.expect("moves back");
        assert_eq!(server.addr(), SocketAddr::new(Ipv4Addr::LOCALHOST.into(), port));
        assert!(server.base_url().ends_with(&format!("127.0.0.1:{port}")));
    }

    #[tokio::test]
    async fn a_taken_port_is_refused_and_the_old_server_keeps_serving() {
        let dir = tempfile::tempdir().expect("tempdir");
        let make = test_state(dir.path());
        let before = Settings { share_port: 0, ..Settings::default() };
        let server = ShareServer::start_with(&before, &make).await.expect("starts");
        let old = server.addr();
        let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let wanted = Settings { share_port: taken.local_addr().expect("addr").port(), ..before.clone() };
        let e = server.apply_with(&before, &wanted, &make).await.expect_err("refused");
        assert!(matches!(e, Error::ShareBind { .. }) && !e.to_string().contains('\n'), "{e}");
        assert_eq!(server.addr(), old);
        assert!(health(old).await.expect("answers").ends_with("ok"));
    }

    #[tokio::test]
    async fn a_new_base_url_applies_to_links_made_afterwards() {
        let dir = tempfile::tempdir().expect("tempdir");
        let make = test_state(dir.path());
        let before = Settings { share_port: 0, ..Settings::default() };
        let server = ShareServer::start_with(&before, &make).await.expect("starts");
        let based = Settings { share_base_url: Some("https://notes.example.org/".into()), ..before.clone() };
        server.apply_with(&before, &based, &make).await.expect("applies");
        assert_eq!(server.base_url(), "https://notes.example.org");
        assert!(health(server.addr()).await.expect("answers").ends_with("ok"));
    }
}
