//! `afterword serve [--bind ADDR:PORT]`: runs the share server on its own
//! until Ctrl-C or SIGTERM, then lets requests in flight finish
//! (`afterword_share::serve` does the serving and the graceful stop).

use std::{net::SocketAddr, time::Duration};

use afterword_library::Library;
use afterword_share::{DEFAULT_PORT, ShareConfig, ShareState};
use anyhow::Context;
use clap::Args;
use serde_json::json;

use crate::{Refused, cmd::share::BASE_ENV, output::emit};

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address and port to listen on (0.0.0.0 for the whole network; port 0 picks a free one).
    #[arg(long, value_name = "ADDR:PORT", default_value_t = SocketAddr::from(([127, 0, 0, 1], DEFAULT_PORT)))]
    pub bind: SocketAddr,
    /// Where people reach this server, for link previews [default: http://<bind>, or this
    /// machine's LAN address when bound to every interface].
    #[arg(long, env = BASE_ENV, value_name = "URL")]
    pub base: Option<String>,
    /// Comments and reactions one client may post per minute.
    #[arg(long, value_name = "N", default_value_t = 30)]
    pub post_rate: u32,
}

pub fn run(lib: Library, args: ServeArgs, json: bool) -> anyhow::Result<()> {
    if args.post_rate == 0 {
        return Err(Refused("--post-rate must be at least 1 per minute".into()).into());
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .thread_name("share-server")
        .build()
        .context("starting the server's runtime")?;
    runtime.block_on(serve(lib, args, json))
}

async fn serve(lib: Library, args: ServeArgs, json: bool) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(args.bind).await.map_err(|e| {
        let hint = if e.kind() == std::io::ErrorKind::AddrInUse {
            "; is another `afterword serve` running? pick another port with --bind"
        } else {
            ""
        };
        Refused(format!("cannot listen on {}: {e}{hint}", args.bind))
    })?;
    let addr = listener.local_addr()?;
    let base = crate::cmd::share::base_url(args.base.as_deref(), addr)?;
    if args.base.is_none() && addr.ip().is_unspecified() {
        eprintln!(
            "Listening on every interface; links say {base}. Pass --base http://<this machine>:{} if people reach it by another address.",
            addr.port()
        );
    }
    let mut config = ShareConfig::new(base.clone());
    config.limits.post_refill = Duration::from_secs(60) / args.post_rate;
    config.limits.post_burst = args.post_rate.clamp(1, 20);
    let home = lib.home().to_path_buf();
    renderer(&home)?;
    let state = ShareState::new(lib, config)?;
    emit(json, &json!({ "listening": format!("http://{addr}"), "base_url": base, "library": home }), |_| {
        println!("Listening on http://{addr}");
        eprintln!("Serving links to the library at {} as {base}. Ctrl-C stops.", home.display());
    })?;
    use std::io::Write;
    std::io::stdout().flush()?;

    afterword_share::serve(listener, state, shutdown_signal()).await.context("serving")?;
    eprintln!("Stopped.");
    Ok(())
}

/// How often the server looks for edits whose cut is not made yet.
const RENDER_EVERY: Duration = Duration::from_secs(5);

/// Makes the cuts of edited clips that wait for one (an edit made by another
/// process whose render failed or was killed), so their links stop answering
/// "being prepared". A thread of its own with its own library connection:
/// a render takes seconds and must not hold up requests.
fn renderer(home: &std::path::Path) -> anyhow::Result<()> {
    let mut lib = Library::open(home)?;
    std::thread::Builder::new().name("renderer".into()).spawn(move || {
        loop {
            if let Err(e) = afterword_editing::settle_waiting(&mut lib, &mut |_, _| {}) {
                tracing::warn!("edits were not rendered: {e}");
            }
            std::thread::sleep(RENDER_EVERY);
        }
    })?;
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}
