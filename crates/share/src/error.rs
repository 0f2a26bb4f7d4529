//! Errors: [`SetupError`] when a server cannot start, and [`ApiError`], what a
//! request gets back — a 4xx or 5xx with a one-line JSON body
//! `{"error": "…", "code": "…"}`. Unknown, expired and revoked links share one
//! answer, so nobody outside can tell them apart.

use std::{path::PathBuf, time::Duration};

use axum::{
    Json,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde_json::json;

/// Why a share server could not be set up.
#[derive(Debug, thiserror::Error)]
pub enum SetupError {
    #[error(
        "the viewer page is not built into this binary (no viewer.html in {searched}); \
         run `npm --prefix ui ci && npm --prefix ui run build`, then rebuild Afterword"
    )]
    ViewerMissing { searched: String },

    #[error("cannot read or create the owner key at {}: {source}; check the library folder's permissions", path.display())]
    OwnerKey { path: PathBuf, source: std::io::Error },

    #[error("the owner key at {} is damaged; delete it and a new one is made (old owner links stop working)", path.display())]
    OwnerKeyDamaged { path: PathBuf },

    #[error(transparent)]
    Library(#[from] afterword_library::Error),
}

/// How long a viewer waits before asking again for a clip whose edit is
/// being rendered (most renders take a second or two).
const RENDER_RETRY_S: u64 = 2;

/// What went wrong with a request, as the client is told.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ApiError {
    #[error("this link does not exist, has expired or was revoked; ask its owner for a new one")]
    LinkGone,

    #[error("this link needs a password")]
    PasswordRequired,

    #[error("that password is not right; check it with the person who sent the link")]
    WrongPassword,

    #[error("too many attempts; wait {} s and try again", retry_after.as_secs().max(1))]
    TooMany { retry_after: Duration },

    #[error("only the clip's owner can do that; open the link the owner was given (the one ending in #owner=…)")]
    NotOwner,

    #[error("that owner key is not right; copy the owner link again from where the link was made")]
    WrongOwnerKey,

    #[error("the owner turned off downloads for this link; watch it here instead")]
    DownloadsOff,

    #[error("this clip has no thumbnail")]
    NoThumbnail,

    #[error("this clip has no transcript yet; watch it here, and ask its owner to transcribe it")]
    NoTranscript,

    #[error("no such page: {path}")]
    NoRoute { path: String },

    #[error("the clip was just edited and its new cut is being prepared; this page tries again by itself")]
    Rendering,

    #[error("{message}")]
    BadRequest { status: StatusCode, message: String },

    #[error(
        "the Range header {given:?} is malformed; ask for one range such as bytes=0-1023, bytes=1024- or bytes=-500"
    )]
    MalformedRange { given: String },

    #[error("the range {given:?} lies outside the file ({len} bytes); ask for bytes below {len}")]
    RangeNotSatisfiable { given: String, len: u64 },

    #[error("{0}")]
    Library(afterword_library::Error),

    #[error("the share server failed; the details are in its log")]
    Internal,
}

impl ApiError {
    pub(crate) fn bad_request(message: impl Into<String>) -> Self {
        ApiError::BadRequest { status: StatusCode::BAD_REQUEST, message: message.into() }
    }

    /// Logs a machine failure and hides its details from the client.
    pub(crate) fn internal(what: &str, e: impl std::fmt::Display) -> Self {
        tracing::error!("{what}: {e}");
        ApiError::Internal
    }

    fn status(&self) -> StatusCode {
        use afterword_library::Error as L;
        match self {
            ApiError::LinkGone | ApiError::NoThumbnail | ApiError::NoTranscript | ApiError::NoRoute { .. } => {
                StatusCode::NOT_FOUND
            }
            ApiError::PasswordRequired | ApiError::WrongPassword | ApiError::WrongOwnerKey => StatusCode::UNAUTHORIZED,
            ApiError::TooMany { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::Rendering => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::NotOwner | ApiError::DownloadsOff => StatusCode::FORBIDDEN,
            ApiError::BadRequest { status, .. } => *status,
            ApiError::MalformedRange { .. } => StatusCode::BAD_REQUEST,
            ApiError::RangeNotSatisfiable { .. } => StatusCode::RANGE_NOT_SATISFIABLE,
            ApiError::Library(L::NotFound { .. }) => StatusCode::NOT_FOUND,
            ApiError::Library(L::Busy) => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Library(e) if e.is_user_error() => StatusCode::BAD_REQUEST,
            ApiError::Library(_) | ApiError::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            ApiError::LinkGone => "link_gone",
            ApiError::PasswordRequired => "password_required",
            ApiError::WrongPassword => "wrong_password",
            ApiError::TooMany { .. } => "too_many",
            ApiError::NotOwner => "not_owner",
            ApiError::WrongOwnerKey => "wrong_owner_key",
            ApiError::DownloadsOff => "downloads_off",
            ApiError::NoTranscript => "no_transcript",
            ApiError::Rendering => "rendering",
            ApiError::NoThumbnail | ApiError::NoRoute { .. } => "not_found",
            ApiError::BadRequest { .. } | ApiError::Library(_) => "bad_request",
            ApiError::MalformedRange { .. } => "bad_range",
            ApiError::RangeNotSatisfiable { .. } => "range_not_satisfiable",
            ApiError::Internal => "internal",
        }
    }
}

impl From<afterword_library::Error> for ApiError {
    fn from(e: afterword_library::Error) -> Self {
        if e.is_user_error() || matches!(e, afterword_library::Error::Busy) {
            ApiError::Library(e)
        } else {
            ApiError::internal("library", e)
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = self.status();
        // One line, whatever the cause said.
        let message = self.to_string().replace(['\n', '\r'], " ");
        let mut response = (status, Json(json!({ "error": message, "code": self.code() }))).into_response();
        let headers = response.headers_mut();
        match &self {
            ApiError::TooMany { retry_after } => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from(retry_after.as_secs().max(1)));
            }
            ApiError::Rendering => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from(RENDER_RETRY_S));
            }
            ApiError::RangeNotSatisfiable { len, .. } => {
                if let Ok(v) = HeaderValue::from_str(&format!("bytes */{len}")) {
                    headers.insert(header::CONTENT_RANGE, v);
                }
            }
            _ => {}
        }
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response
    }
}
