//! The static viewer page published with `--static`: one self-contained HTML
//! file next to the clip's media in the bucket — the video (relative URL, so
//! the bucket's own HTTPS serves it with ranges) with the captions published
//! beside it as its track, then the transcript's lines and the comments as
//! they were at publish time, read-only, each a button that seeks to its
//! moment. No script or style is fetched from anywhere; the comments are also
//! embedded as JSON for tools. (The share server's viewer bundle needs its
//! API, so it cannot work from a bucket.)

use afterword_library::{Comment, Segment, timecode::format_ms};
// Escapes `&<>"'`: every escaped string here lands in an element or a quoted attribute.
use html_escape::encode_quoted_attribute as escape;
use serde::Serialize;

use crate::publish::ClipDocument;

#[derive(Serialize)]
struct PageComment<'a> {
    at_ms: u64,
    end_ms: Option<u64>,
    author: &'a str,
    body: &'a str,
    reply: bool,
    resolved: bool,
}

const STYLE: &str = "body{font:16px/1.5 system-ui,sans-serif;max-width:960px;margin:2rem auto;padding:0 1rem;\
color:#1d1d1f;background:#fafafa}video{width:100%;background:#000;border-radius:8px}h1{font-size:1.4rem}\
ol{list-style:none;padding:0}li{padding:.5rem 0;border-bottom:1px solid #e5e5e5}li.reply{margin-left:2rem}\
li.resolved{opacity:.6}button{font:inherit;border:0;background:#e8eefc;border-radius:4px;cursor:pointer;\
margin-right:.5rem}small{color:#666}ol.transcript{max-height:40vh;overflow-y:auto}ol.transcript li{padding:.25rem 0}";

const SCRIPT: &str = "document.querySelectorAll('button[data-at]').forEach(function(b){b.addEventListener('click',\
function(){var v=document.querySelector('video');v.currentTime=Number(b.dataset.at)/1000;v.play();});});";

/// The page for `doc` with `comments` (replies indented under their parent's
/// thread order) and the transcript's `lines` (none: no transcript section).
pub(crate) fn render(doc: &ClipDocument, comments: &[Comment], lines: &[Segment]) -> String {
    let poster = doc.thumbnail.as_deref().map(|t| format!(" poster=\"{}\"", escape(t))).unwrap_or_default();
    let track = match &doc.captions {
        Some(file) => {
            let lang = doc.language.as_deref().map(|l| format!(" srclang=\"{}\"", escape(l))).unwrap_or_default();
            let label = doc.language.as_deref().map_or("Captions".to_owned(), |l| format!("Captions ({l})"));
            format!("<track kind=\"captions\" src=\"{}\"{lang} label=\"{}\" default>", escape(file), escape(&label))
        }
        None => String::new(),
    };
    let transcript = if lines.is_empty() {
        String::new()
    } else {
        let items: String = lines
            .iter()
            .map(|l| {
                format!(
                    "<li><button data-at=\"{}\">{}</button>{}</li>\n",
                    l.start_ms,
                    format_ms(l.start_ms),
                    escape(&l.text)
                )
            })
            .collect();
        format!("<h2>Transcript</h2>\n<ol class=\"transcript\">\n{items}</ol>\n")
    };
    let mut items = String::new();
    for c in comments {
        let class = match (c.parent_id.is_some(), c.resolved_at.is_some()) {
            (true, true) => " class=\"reply resolved\"",
            (true, false) => " class=\"reply\"",
            (false, true) => " class=\"resolved\"",
            (false, false) => "",
        };
        let span = match c.end_ms {
            Some(end) => format!("{}–{}", format_ms(c.at_ms), format_ms(end)),
            None => format_ms(c.at_ms),
        };
        items.push_str(&format!(
            "<li{class}><button data-at=\"{}\">{}</button><b>{}</b> {}</li>\n",
            c.at_ms,
            escape(&span),
            escape(&c.author_name),
            escape(&c.body)
        ));
    }
    let json: Vec<PageComment<'_>> = comments
        .iter()
        .map(|c| PageComment {
            at_ms: c.at_ms,
            end_ms: c.end_ms,
            author: &c.author_name,
            body: &c.body,
            reply: c.parent_id.is_some(),
            resolved: c.resolved_at.is_some(),
        })
        .collect();
    // `<` escaped so no comment can close the script element.
    let json = serde_json::to_string(&json).unwrap_or_else(|_| "[]".into()).replace('<', "\\u003c");
    let count = match comments.len() {
        0 => "No comments".to_owned(),
        1 => "1 comment".to_owned(),
        n => format!("{n} comments"),
    };
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
         <title>{title}</title><style>{STYLE}</style></head><body>\n\
         <h1>{title}</h1>\n<video controls preload=\"metadata\" src=\"{media}\"{poster}>{track}</video>\n\
         <p><small>{duration} · published from Afterword · comments are read-only here</small></p>\n\
         {transcript}<h2>{count}</h2>\n<ol>\n{items}</ol>\n\
         <script type=\"application/json\" id=\"comments\">{json}</script>\n<script>{SCRIPT}</script>\n</body></html>\n",
        title = escape(&doc.title),
        media = escape(&doc.media),
        duration = format_ms(doc.duration_ms),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use afterword_library::{ClipId, CommentId, PersonId};
    use jiff::Timestamp;

    fn doc() -> ClipDocument {
        ClipDocument {
            id: ClipId::new(),
            title: "Q3 <plan>".into(),
            created_at: Timestamp::now(),
            duration_ms: 90_000,
            width: Some(1920),
            height: Some(1080),
            size_bytes: 10,
            media: "media.mp4".into(),
            media_sha256: "00".into(),
            thumbnail: Some("thumbnail.jpg".into()),
            captions: None,
            language: None,
        }
    }

    #[test]
    fn the_page_plays_the_media_next_to_it_and_lists_comments_escaped() {
        let comment = Comment {
            id: CommentId::new(),
            clip_id: ClipId::new(),
            author_id: PersonId::new(),
            author_name: "Ada".into(),
            body: "look </script><img src=x onerror=alert(1)>".into(),
            at_ms: 83_500,
            end_ms: None,
            parent_id: None,
            resolved_at: None,
            created_at: Timestamp::now(),
            edited_at: None,
            removed: false,
        };
        let html = render(&doc(), &[comment], &[]);
        assert!(html.contains("src=\"media.mp4\" poster=\"thumbnail.jpg\""));
        assert!(html.contains("<title>Q3 &lt;plan&gt;</title>"));
        assert!(html.contains("data-at=\"83500\""));
        assert!(!html.contains("<img"), "comment text is escaped in the list");
        assert_eq!(html.matches("</script>").count(), 2, "nothing in the JSON closes its script element");
        assert!(!html.contains("http"), "nothing is fetched from elsewhere");
        assert!(!html.contains("<track") && !html.contains("Transcript"), "no transcript, no captions");
    }

    #[test]
    fn captions_play_from_the_file_beside_the_page_and_lines_seek() {
        let doc = ClipDocument { captions: Some("captions.vtt".into()), language: Some("en".into()), ..doc() };
        let line = Segment { start_ms: 65_000, end_ms: 66_000, text: "a <b>bold</b> claim".into(), heard: None };
        let html = render(&doc, &[], &[line]);
        assert!(
            html.contains(r#"src="media.mp4" poster="thumbnail.jpg"><track kind="captions" src="captions.vtt" srclang="en" label="Captions (en)" default></video>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<li><button data-at="65000">1:05</button>a &lt;b&gt;bold&lt;/b&gt; claim</li>"#),
            "{html}"
        );
    }
}
