//! `GET /s/{token}/api/events`: server-sent events for one viewer page. It
//! gets `ready` once, then `changed` whenever the clip's comments or reactions
//! change, and refetches; a keep-alive comment keeps proxies from closing it.

use std::{convert::Infallible, time::Duration};

use axum::{
    extract::{Path, State},
    http::HeaderMap,
    response::{
        IntoResponse, Response,
        sse::{Event, KeepAlive, Sse},
    },
};
use tokio_stream::{
    StreamExt,
    wrappers::{BroadcastStream, WatchStream},
};

use crate::{error::ApiError, guard, state::ShareState};

pub(super) async fn stream(
    State(state): State<ShareState>,
    Path(token): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let clip = guard::open(&state, token, &headers).await?.clip.id;
    let ready = tokio_stream::once(Ok::<_, Infallible>(Event::default().event("ready").data("{}")));
    // A lagged receiver missed some changes: one refetch covers them all.
    let changes = BroadcastStream::new(state.inner.hub.subscribe())
        .filter(move |changed| changed.as_ref().map_or(true, |c| *c == clip))
        .map(|_| Some(Ok(Event::default().event("changed").data("{}"))));
    // The stream ends when the server shuts down, so a graceful shutdown need
    // not wait for pages that never leave.
    let stopping = WatchStream::new(state.inner.hub.stopping()).filter(|stop| *stop).map(|_| None);
    let live = changes.merge(stopping).take_while(Option::is_some).filter_map(|e| e);
    let sse = Sse::new(ready.chain(live)).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)));
    Ok(([(axum::http::header::CACHE_CONTROL, "no-store")], sse).into_response())
}
