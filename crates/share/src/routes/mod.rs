//! The routes, and what every response carries: a strict Content-Security-Policy
//! (the viewer's scripts and styles come from this server only, never inline),
//! no referrer (a link's token must not leak to other sites), no framing, no
//! sniffing; request bodies capped; unknown routes answered in JSON.
//!
//! ```text
//! GET  /s/{token}                       viewer page (Open Graph tags filled in)
//! GET  /s/{token}/video                 the clip, with byte ranges
//! GET  /s/{token}/download              the clip as a file, when the link allows it
//! GET  /s/{token}/captions.vtt          the transcript as WebVTT captions (downloads off too)
//! GET  /s/{token}/transcript.txt        the transcript as text, when the link allows downloads
//! GET  /s/{token}/thumbnail             preview image
//! GET  /s/{token}/api/link              title, duration, options, transcript, whether you own it
//! POST /s/{token}/api/unlock            {password}            -> unlock cookie
//! POST /s/{token}/api/owner             {key}                 -> owner cookie
//! GET  /s/{token}/api/comments          comments and reactions
//! POST /s/{token}/api/comments          {name, body, at_ms, end_ms?, parent_id?}
//! POST /s/{token}/api/comments/{id}/resolve  {resolved}       (owner)
//! DELETE /s/{token}/api/comments/{id}                          (owner)
//! POST /s/{token}/api/reactions         {name, at_ms, emoji}
//! GET  /s/{token}/api/events            server-sent events: "changed"
//! GET  /oembed?url=…                    oEmbed (JSON)
//! GET  /assets/{file}                   the viewer's scripts and styles
//! ```

mod access;
mod api;
mod captions;
mod events;
mod media;
mod page;
mod stored;

use axum::{
    Router,
    extract::{DefaultBodyLimit, FromRequest, Request, rejection::JsonRejection},
    http::{HeaderName, HeaderValue, Uri, header},
    response::{IntoResponse, Response},
    routing::{delete, get, post},
};
use serde::de::DeserializeOwned;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::{error::ApiError, state::ShareState};

const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   media-src 'self'; connect-src 'self'; font-src 'self'; manifest-src 'self'; \
                   base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

pub(crate) fn router(state: ShareState) -> Router {
    let body_limit = state.config().limits.body_bytes;
    let link = Router::new()
        .route("/", get(page::viewer))
        .route("/video", get(media::video))
        .route("/download", get(media::download))
        .route("/captions.vtt", get(captions::vtt))
        .route("/transcript.txt", get(captions::text))
        .route("/thumbnail", get(page::thumbnail))
        .route("/api/link", get(access::link))
        .route("/api/unlock", post(access::unlock))
        .route("/api/owner", post(access::owner))
        .route("/api/comments", get(api::comments).post(api::add_comment))
        .route("/api/comments/{id}/resolve", post(api::resolve))
        .route("/api/comments/{id}", delete(api::delete_comment))
        .route("/api/reactions", post(api::add_reaction))
        .route("/api/events", get(events::stream));

    let headers = [
        (header::CONTENT_SECURITY_POLICY, CSP),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (HeaderName::from_static("cross-origin-opener-policy"), "same-origin"),
        (HeaderName::from_static("cross-origin-resource-policy"), "same-origin"),
    ];
    let mut router = Router::new()
        .nest("/s/{token}", link)
        .route("/oembed", get(page::oembed))
        .route("/assets/{*path}", get(page::asset))
        .route("/healthz", get(|| async { "ok" }))
        .fallback(no_route)
        .layer(DefaultBodyLimit::max(body_limit))
        .with_state(state);
    for (name, value) in headers {
        router = router.layer(SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value)));
    }
    router
}

async fn no_route(uri: Uri) -> ApiError {
    ApiError::NoRoute { path: uri.path().chars().take(200).collect() }
}

/// A JSON body whose every problem (not JSON, wrong fields, too large, wrong
/// content type) becomes a one-line 4xx [`ApiError`].
#[derive(Debug)]
pub(crate) struct Body<T>(pub(crate) T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Body<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(v)) => Ok(Body(v)),
            Err(rejection) => Err(json_error(rejection)),
        }
    }
}

fn json_error(rejection: JsonRejection) -> ApiError {
    let status = rejection.status();
    let message = match &rejection {
        JsonRejection::MissingJsonContentType(_) => {
            "send the body as JSON with Content-Type: application/json".to_owned()
        }
        JsonRejection::JsonSyntaxError(_) => "the body is not valid JSON".to_owned(),
        JsonRejection::JsonDataError(e) => format!("the JSON does not fit: {}", e.body_text().replace('\n', " ")),
        JsonRejection::BytesRejection(_) if status.as_u16() == 413 => "the request body is too large".to_owned(),
        other => other.body_text().replace('\n', " "),
    };
    ApiError::BadRequest { status, message }
}

/// A response no cache may keep: it depends on who asks.
pub(crate) fn no_store(body: impl IntoResponse) -> Response {
    ([(header::CACHE_CONTROL, "no-store")], body).into_response()
}

/// [`no_store`], setting a cookie.
pub(crate) fn with_cookie(body: impl IntoResponse, cookie: &str) -> Response {
    let mut response = no_store(body);
    if let Ok(v) = HeaderValue::from_str(cookie) {
        response.headers_mut().insert(header::SET_COOKIE, v);
    }
    response
}
