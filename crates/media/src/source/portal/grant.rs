//! Asking the ScreenCast portal for a screen, on a thread of its own
//! (`portal-session`, a one-thread tokio runtime for ashpd) that keeps the
//! portal session open while the recording streams and closes it after.

use std::os::fd::OwnedFd;
use std::sync::Arc;
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Duration;

use ashpd::desktop::screencast::{CursorMode, Screencast, SelectSourcesOptions, SourceType};
use ashpd::desktop::{PersistMode, ResponseError};
use futures::StreamExt;

use super::{Latest, PortalError, PortalOptions};

/// What the portal granted.
pub(super) struct Granted {
    pub(super) fd: OwnedFd,
    pub(super) node: u32,
    pub(super) restore_token: Option<String>,
}

/// The open portal session; [`Session::close`] ends it.
pub(super) struct Session {
    close: Option<tokio::sync::oneshot::Sender<()>>,
    _thread: JoinHandle<()>,
}

/// How long the portal may take over each step without a person in it.
const STEP_LIMIT: Duration = Duration::from_secs(10);

impl Session {
    /// Negotiates a screen; returns once it is granted, refused or late.
    /// `ended` hears when the portal closes the session later.
    pub(super) fn start(options: &PortalOptions, ended: Arc<Latest>) -> Result<(Session, Granted), PortalError> {
        let (answer_tx, answer_rx) = mpsc::channel();
        let (close, close_rx) = tokio::sync::oneshot::channel();
        let limit = options_limit(options) + Duration::from_secs(5);
        let options = options.clone();
        let thread = std::thread::Builder::new()
            .name("portal-session".into())
            .spawn(move || session_thread(&options, answer_tx, close_rx, ended))
            .map_err(|e| PortalError::Failed { step: "start", reason: e.to_string() })?;
        // Every step inside has its own limit; this one only guards against
        // a thread that never answers at all.
        let granted = match answer_rx.recv_timeout(limit) {
            Ok(answer) => answer?,
            Err(_) => return Err(PortalError::Timeout { step: "the whole request", secs: limit.as_secs() }),
        };
        Ok((Session { close: Some(close), _thread: thread }, granted))
    }

    /// Ends the portal session (the compositor stops sharing).
    pub(super) fn close(&mut self) {
        if let Some(tx) = self.close.take() {
            let _ = tx.send(());
        }
    }
}

fn options_limit(options: &PortalOptions) -> Duration {
    STEP_LIMIT * 4 + options.dialog_limit
}

fn session_thread(
    options: &PortalOptions,
    answer: mpsc::Sender<Result<Granted, PortalError>>,
    close: tokio::sync::oneshot::Receiver<()>,
    ended: Arc<Latest>,
) {
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            let _ = answer.send(Err(PortalError::Failed { step: "start", reason: e.to_string() }));
            return;
        }
    };
    runtime.block_on(async move {
        let (proxy, session, granted) = match negotiate(options).await {
            Ok(ok) => ok,
            Err(e) => {
                let _ = answer.send(Err(e));
                return;
            }
        };
        let closed = session.receive_closed().await;
        if answer.send(Ok(granted)).is_err() {
            let _ = session.close().await;
            return;
        }
        match closed {
            Ok(mut closed) => {
                tokio::select! {
                    _ = close => {}
                    _ = closed.next() => {
                        tracing::info!("the portal closed the screen-cast session");
                        ended.end("the portal stopped sharing the screen".into());
                    }
                }
            }
            Err(_) => {
                let _ = close.await;
            }
        }
        let _ = tokio::time::timeout(STEP_LIMIT, session.close()).await;
        drop(proxy);
    });
}

type Negotiated = (Screencast, ashpd::desktop::Session<Screencast>, Granted);

async fn negotiate(options: &PortalOptions) -> Result<Negotiated, PortalError> {
    let proxy = step("connecting", STEP_LIMIT, Screencast::new()).await.map_err(|e| match e {
        PortalError::Failed { reason, .. } => PortalError::Unavailable { reason },
        other => other,
    })?;
    let session = step("CreateSession", STEP_LIMIT, proxy.create_session(Default::default())).await?;
    let cursor = if options.cursor { CursorMode::Embedded } else { CursorMode::Hidden };
    // Portals before version 2 know no cursor modes; asking for one they
    // don't offer would close the session.
    let cursor = match tokio::time::timeout(STEP_LIMIT, proxy.available_cursor_modes()).await {
        Ok(Ok(modes)) if modes.contains(cursor) => Some(cursor),
        _ => None,
    };
    let select = SelectSourcesOptions::default()
        .set_sources(ashpd::enumflags2::BitFlags::from(SourceType::Monitor))
        .set_multiple(false)
        .set_cursor_mode(cursor)
        .set_persist_mode(PersistMode::ExplicitlyRevoked)
        .set_restore_token(options.restore_token.as_deref());
    let request = step("SelectSources", STEP_LIMIT, proxy.select_sources(&session, select)).await?;
    request.response().map_err(|e| answer_error("SelectSources", e))?;
    let request = step("Start", options.dialog_limit, proxy.start(&session, None, Default::default())).await?;
    let streams = request.response().map_err(|e| answer_error("Start", e))?;
    // This backend (wlr) reports monitors with the wrong source type: the
    // first stream is the screen, whatever its type says.
    let node = streams.streams().first().ok_or(PortalError::NoStream)?.pipe_wire_node_id();
    let restore_token = streams.restore_token().map(str::to_owned);
    let fd = step("OpenPipeWireRemote", STEP_LIMIT, proxy.open_pipe_wire_remote(&session, Default::default())).await?;
    tracing::info!(node, restored = options.restore_token.is_some(), "the portal shared a screen");
    Ok((proxy, session, Granted { fd, node, restore_token }))
}

/// One portal call, bounded by `limit`.
async fn step<T>(
    name: &'static str,
    limit: Duration,
    call: impl Future<Output = Result<T, ashpd::Error>>,
) -> Result<T, PortalError> {
    match tokio::time::timeout(limit, call).await {
        Err(_) => Err(PortalError::Timeout { step: name, secs: limit.as_secs() }),
        Ok(Err(e)) => Err(answer_error(name, e)),
        Ok(Ok(v)) => Ok(v),
    }
}

fn answer_error(step: &'static str, e: ashpd::Error) -> PortalError {
    match e {
        ashpd::Error::Response(ResponseError::Cancelled) => PortalError::Cancelled,
        ashpd::Error::Response(ResponseError::Other) => PortalError::Refused,
        ashpd::Error::PortalNotFound(name) => PortalError::Unavailable { reason: format!("{name} not found") },
        other => PortalError::Failed { step, reason: other.to_string() },
    }
}
