//! Running the share server until told to stop, for `afterword serve` and
//! the desktop app alike: the listener stops accepting as soon as the
//! shutdown future completes, the live-update streams (which never end by
//! themselves) are closed, and requests in flight get [`SHUTDOWN_GRACE`] to
//! finish, so one client holding a connection open cannot keep the server
//! (or the port) forever.

use std::{future::Future, future::IntoFuture, io, net::SocketAddr, time::Duration};

use tokio::net::TcpListener;

use crate::ShareState;

/// How long requests in flight may take to finish after the shutdown signal.
pub const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Serves `state` on `listener` until `shutdown` completes, then stops
/// gracefully (see the module's documentation). Clients are told apart by
/// their address, for the rate limits.
pub async fn serve(
    listener: TcpListener,
    state: ShareState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let app = crate::router(state.clone()).into_make_service_with_connect_info::<SocketAddr>();
    let (stopping, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = axum::serve(listener, app)
        .with_graceful_shutdown(async move {
            shutdown.await;
            tracing::info!("share server shutting down");
            state.shutdown();
            let _ = stopping.send(());
        })
        .into_future();
    tokio::pin!(server);
    // `biased`: the server is polled first, so `stopped` can only fail
    // (its sender dropped) after the server has already been seen to end.
    tokio::select! {
        biased;
        done = &mut server => return done,
        _ = stopped => {}
    }
    match tokio::time::timeout(SHUTDOWN_GRACE, server).await {
        Ok(done) => done,
        Err(_) => {
            tracing::warn!("requests still open after {} s; stopping anyway", SHUTDOWN_GRACE.as_secs());
            Ok(())
        }
    }
}
