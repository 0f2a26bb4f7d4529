//! The viewer page with its link-preview tags (Open Graph, Twitter card,
//! oEmbed discovery), the preview thumbnail, the oEmbed endpoint and the
//! bundle's static files. A preview never shows more than the link would:
//! a password-protected or dead link previews as a bare "Afterword" card.

use afterword_library::{Clip, timecode::format_ms};
use axum::{
    Json,
    extract::{Path, Query, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
// Escapes `&<>"'`: every escaped string here lands in an element or a quoted attribute.
use html_escape::encode_quoted_attribute as escape;
use serde::Deserialize;
use serde_json::json;

use crate::{
    error::ApiError,
    guard::{self, live_link},
    state::ShareState,
};

/// Where the page template wants the tags; before `</head>` if it is missing.
const META_SLOT: &str = "<!--afterword:meta-->";

/// What a link preview may show.
struct Preview<'a> {
    title: String,
    description: String,
    token: &'a str,
    clip: Option<&'a Clip>,
}

pub(super) async fn viewer(State(state): State<ShareState>, Path(token): Path<String>, headers: HeaderMap) -> Response {
    let (status, preview) = match guard::open(&state, token.clone(), &headers).await {
        Ok(access) => (StatusCode::OK, Some(access.clip)),
        Err(ApiError::PasswordRequired) => (StatusCode::OK, None),
        Err(ApiError::LinkGone) => (StatusCode::NOT_FOUND, None),
        Err(e) => return e.into_response(),
    };
    let preview = match &preview {
        Some(clip) => Preview {
            title: clip.title.clone(),
            description: format!("A {} video note, shared with Afterword", format_ms(clip.duration_ms)),
            token: &token,
            clip: Some(clip),
        },
        None if status == StatusCode::OK => Preview {
            title: "A password-protected clip".into(),
            description: "Shared with Afterword; open it to enter the password".into(),
            token: &token,
            clip: None,
        },
        None => Preview {
            title: "Link not available".into(),
            description: "Shared with Afterword".into(),
            token: &token,
            clip: None,
        },
    };
    let html = render(state.inner.viewer.page(), &meta_tags(&state, &preview));
    let mut response = (status, html).into_response();
    let h = response.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn render(template: &str, meta: &str) -> String {
    if template.contains(META_SLOT) {
        template.replacen(META_SLOT, meta, 1)
    } else {
        template.replacen("</head>", &format!("{meta}</head>"), 1)
    }
}

fn meta_tags(state: &ShareState, p: &Preview<'_>) -> String {
    let base = &state.config().base_url;
    let url = format!("{base}/s/{}", p.token);
    let mut tags = vec![
        format!("<title>{} · Afterword</title>", escape(&p.title)),
        meta("property", "og:site_name", "Afterword"),
        meta("property", "og:title", &p.title),
        meta("property", "og:description", &p.description),
        meta("name", "description", &p.description),
        meta("property", "og:url", &url),
        meta("name", "twitter:title", &p.title),
        meta("name", "twitter:description", &p.description),
    ];
    match p.clip {
        Some(clip) => {
            tags.push(meta("property", "og:type", "video.other"));
            tags.push(meta("property", "video:duration", &(clip.duration_ms.div_ceil(1000)).to_string()));
            let card = if clip.thumbnail_path.is_some() { "summary_large_image" } else { "summary" };
            tags.push(meta("name", "twitter:card", card));
            if clip.thumbnail_path.is_some() {
                tags.push(meta("property", "og:image", &format!("{url}/thumbnail")));
                tags.push(meta("name", "twitter:image", &format!("{url}/thumbnail")));
                if let (Some(w), Some(h)) = (clip.width, clip.height) {
                    tags.push(meta("property", "og:image:width", &w.to_string()));
                    tags.push(meta("property", "og:image:height", &h.to_string()));
                }
            }
            let oembed = format!("{base}/oembed?format=json&url={}", percent_encode(&url));
            tags.push(format!(
                r#"<link rel="alternate" type="application/json+oembed" href="{}" title="{}">"#,
                escape(&oembed),
                escape(&p.title)
            ));
        }
        None => {
            tags.push(meta("property", "og:type", "website"));
            tags.push(meta("name", "twitter:card", "summary"));
        }
    }
    tags.push(meta("name", "robots", "noindex, nofollow"));
    tags.join("\n    ")
}

fn meta(attr: &str, name: &str, content: &str) -> String {
    format!(r#"<meta {attr}="{name}" content="{}">"#, escape(content))
}

fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

pub(super) async fn thumbnail(
    State(state): State<ShareState>,
    Path(token): Path<String>,
) -> Result<Response, ApiError> {
    // Crawlers fetch this without cookies: a password-protected link shows none.
    let (link, clip) = live_link(&state, token).await?;
    if link.has_password {
        return Err(ApiError::PasswordRequired);
    }
    let stored = clip.thumbnail_path.ok_or(ApiError::NoThumbnail)?;
    let path = state.inner.pool.home().join(&stored);
    let bytes = tokio::fs::read(&path).await.map_err(|_| ApiError::NoThumbnail)?;
    let kind = if stored.ends_with(".png") {
        "image/png"
    } else if stored.ends_with(".webp") {
        "image/webp"
    } else {
        "image/jpeg"
    };
    Ok(([(header::CONTENT_TYPE, kind), (header::CACHE_CONTROL, "private, max-age=300")], bytes).into_response())
}

#[derive(Debug, Deserialize)]
pub(super) struct OEmbedQuery {
    url: String,
    format: Option<String>,
}

/// oEmbed 1.0: a `link` answer with title and thumbnail (the page refuses to
/// be framed, so there is no `video` iframe to offer).
pub(super) async fn oembed(
    State(state): State<ShareState>,
    Query(q): Query<OEmbedQuery>,
) -> Result<Response, ApiError> {
    if q.format.as_deref().is_some_and(|f| f != "json") {
        return Err(ApiError::BadRequest {
            status: StatusCode::NOT_IMPLEMENTED,
            message: "only format=json is offered".into(),
        });
    }
    let base = &state.config().base_url;
    let token = q
        .url
        .strip_prefix(base.as_str())
        .and_then(|rest| rest.strip_prefix("/s/"))
        .map(|t| t.split(['/', '?', '#']).next().unwrap_or_default().to_owned())
        .ok_or_else(|| {
            ApiError::bad_request(format!("the url is not a link of this server; links look like {base}/s/TOKEN"))
        })?;
    let (link, clip) = live_link(&state, token.clone()).await?;
    let mut answer = json!({
        "version": "1.0",
        "type": "link",
        "provider_name": "Afterword",
        "provider_url": base,
        "title": if link.has_password { "A password-protected clip".to_owned() } else { clip.title.clone() },
    });
    if !link.has_password {
        answer["duration"] = json!(clip.duration_ms.div_ceil(1000));
        if clip.thumbnail_path.is_some() {
            answer["thumbnail_url"] = json!(format!("{base}/s/{token}/thumbnail"));
            if let (Some(w), Some(h)) = (clip.width, clip.height) {
                answer["thumbnail_width"] = json!(w);
                answer["thumbnail_height"] = json!(h);
            }
        }
    }
    Ok(([(header::CACHE_CONTROL, "no-store")], Json(answer)).into_response())
}

pub(super) async fn asset(State(state): State<ShareState>, Path(path): Path<String>) -> Result<Response, ApiError> {
    let (data, kind) = state.inner.viewer.asset(&path).ok_or(ApiError::NoRoute { path: format!("/assets/{path}") })?;
    // Vite names files after their content hash, so they never change.
    let cache = "public, max-age=31536000, immutable";
    Ok(([(header::CONTENT_TYPE, kind), (header::CACHE_CONTROL, cache)], data.into_owned()).into_response())
}
