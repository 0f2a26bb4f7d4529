//! Full-text search over clip titles, documents, threads, thread messages and
//! comments (SQLite FTS5, kept in sync by triggers), ranked by BM25 with
//! titles weighted above bodies, among the newest [`RANKED`] matches.

use rusqlite::params;
use serde::{Deserialize, Serialize};

use crate::{db::Library, error::Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SearchKind {
    Clip,
    Document,
    Thread,
    Message,
    Comment,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub kind: SearchKind,
    /// The matching thing's id (a comment's or message's own id).
    pub id: String,
    /// The title of what a person opens: the clip, document or thread.
    pub title: String,
    /// Where the words matched, with matches in `[` `]`.
    pub snippet: String,
    /// For a comment: its clip and moment, to open the player there.
    pub clip_id: Option<String>,
    pub at_ms: Option<u64>,
    /// For a message: its thread.
    pub thread_id: Option<String>,
}

/// How many of the newest matches are ranked. Scoring every match of a common
/// word in a million comments costs tens of milliseconds; the newest few
/// thousand hold what people look for, and bound the cost at any library size.
const RANKED: i64 = 2_000;

/// Snippets come from [`snippet`] rather than FTS5's `snippet()`: that one
/// re-runs the match for every row it is asked about, reading a common word's
/// whole doclist each time (20 hits × ~2 ms).
const SQL: &str = "
WITH top AS (
    SELECT rowid, score FROM (
        SELECT rowid, bm25(search_index, 5.0, 1.0) AS score FROM search_index
         WHERE search_index MATCH ?1 ORDER BY rowid DESC LIMIT ?3)
     ORDER BY score LIMIT ?2
)
SELECT d.kind, d.target_id, s.title, s.body,
       coalesce(cl.title, doc.title, th.title, cc.title, mt.title, '') AS shown_title,
       co.clip_id, co.at_ms, me.thread_id
  FROM top
  JOIN search_docs d      ON d.rowid = top.rowid
  JOIN search_index s     ON s.rowid = top.rowid
  LEFT JOIN clips cl      ON d.kind = 'clip'     AND cl.id = d.target_id
  LEFT JOIN documents doc ON d.kind = 'document' AND doc.id = d.target_id
  LEFT JOIN threads th    ON d.kind = 'thread'   AND th.id = d.target_id
  LEFT JOIN comments co   ON d.kind = 'comment'  AND co.id = d.target_id
  LEFT JOIN clips cc      ON cc.id = co.clip_id
  LEFT JOIN messages me   ON d.kind = 'message'  AND me.id = d.target_id
  LEFT JOIN threads mt    ON mt.id = me.thread_id
 ORDER BY top.score, top.rowid DESC";

impl Library {
    /// Searches everything; words must all match, the last one as a prefix
    /// (so results appear while typing). Punctuation is ignored, not parsed as
    /// FTS syntax, so no query is ever an error.
    pub fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>> {
        let terms = terms(query);
        let Some(expr) = fts_query(&terms) else {
            return Ok(Vec::new());
        };
        let mut stmt = self.conn.prepare_cached(SQL)?;
        let rows = stmt.query_map(params![expr, limit as i64, RANKED], |r| {
            let kind: String = r.get(0)?;
            let (title, body): (String, String) = (r.get(2)?, r.get(3)?);
            let matched = if snippet(&body, &terms).is_some() {
                &body
            } else {
                &title
            };
            Ok(SearchHit {
                kind: match kind.as_str() {
                    "clip" => SearchKind::Clip,
                    "document" => SearchKind::Document,
                    "thread" => SearchKind::Thread,
                    "message" => SearchKind::Message,
                    _ => SearchKind::Comment,
                },
                id: r.get(1)?,
                snippet: snippet(matched, &terms)
                    .unwrap_or_else(|| matched.chars().take(120).collect()),
                title: r.get(4)?,
                clip_id: r.get(5)?,
                at_ms: r.get(6)?,
                thread_id: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// A word of a query, lower-cased; `prefix` when it was typed with a `*` after it.
#[derive(Debug, PartialEq)]
struct Term {
    word: String,
    prefix: bool,
}

impl Term {
    fn matches(&self, token: &str) -> bool {
        let token = token.to_lowercase();
        if self.prefix {
            token.starts_with(&self.word)
        } else {
            token == self.word
        }
    }
}

/// Words so common that requiring them narrows nothing, while BM25 pays for
/// them: its IDF walks every row holding the word (650,000 of a million for
/// "the", ~15 ms). Dropped from a query that has other words.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "do", "for", "from", "has", "have",
    "how", "i", "in", "is", "it", "its", "of", "on", "or", "our", "so", "that", "the", "their",
    "this", "to", "was", "we", "what", "when", "where", "which", "who", "why", "will", "with",
    "you", "your",
];

/// The terms of a query: runs of letters and digits; everything else
/// separates them, and a `*` right after a word makes it a prefix.
fn terms(query: &str) -> Vec<Term> {
    let all: Vec<Term> = token_spans(query)
        .into_iter()
        .map(|(a, b)| Term {
            word: query[a..b].to_lowercase(),
            prefix: query[b..].starts_with('*'),
        })
        .collect();
    let is_stop = |t: &Term| !t.prefix && STOP_WORDS.contains(&t.word.as_str());
    if all.iter().all(is_stop) {
        all
    } else {
        all.into_iter().filter(|t| !is_stop(t)).collect()
    }
}

/// About a dozen words of `text` around the first match, matches in `[` `]`;
/// `None` when no word matches.
fn snippet(text: &str, terms: &[Term]) -> Option<String> {
    const WINDOW: usize = 12;
    let tokens: Vec<(usize, usize)> = token_spans(text);
    let matches = |t: &str| terms.iter().any(|term| term.matches(t));
    let first = tokens.iter().position(|&(a, b)| matches(&text[a..b]))?;
    let from = first.saturating_sub(3);
    let to = (from + WINDOW).min(tokens.len());
    let mut out = String::new();
    if from > 0 {
        out.push('…');
    }
    let mut cursor = tokens[from].0;
    for &(a, b) in &tokens[from..to] {
        out.push_str(&text[cursor..a]);
        if matches(&text[a..b]) {
            out.push('[');
            out.push_str(&text[a..b]);
            out.push(']');
        } else {
            out.push_str(&text[a..b]);
        }
        cursor = b;
    }
    if to < tokens.len() {
        out.push('…');
    } else {
        out.push_str(&text[cursor..]);
    }
    Some(out)
}

/// Byte ranges of the alphanumeric runs in `text`.
fn token_spans(text: &str) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                spans.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        spans.push((s, text.len()));
    }
    spans
}

/// Turns what a person typed into an FTS5 expression: each word quoted (so
/// `AND`, `-` or `"` mean nothing special), all of them required.
///
/// Words match whole, as in most search boxes; `design*` asks for a prefix.
/// A prefix makes FTS5 merge the doclists of every word it starts, which for a
/// common word is 3x slower, so it is never added behind the person's back.
fn fts_query(terms: &[Term]) -> Option<String> {
    let expr = terms
        .iter()
        .map(|t| format!("\"{}\"{}", t.word, if t.prefix { "*" } else { "" }))
        .collect::<Vec<_>>()
        .join(" ");
    (!expr.is_empty()).then_some(expr)
}

#[cfg(test)]
mod tests {
    use super::{fts_query, snippet, terms};

    #[test]
    fn typed_words_become_quoted_terms() {
        assert_eq!(
            fts_query(&terms("launch Plan")).as_deref(),
            Some("\"launch\" \"plan\"")
        );
        assert_eq!(
            fts_query(&terms("desi* review")).as_deref(),
            Some("\"desi\"* \"review\"")
        );
        assert_eq!(
            fts_query(&terms("x\"y NEAR -z")).as_deref(),
            Some("\"x\" \"y\" \"near\" \"z\"")
        );
        assert_eq!(fts_query(&terms("  ?! *")), None);
        assert_eq!(
            fts_query(&terms("the release of it")).as_deref(),
            Some("\"release\""),
            "stop words dropped"
        );
        assert_eq!(
            fts_query(&terms("The Who")).as_deref(),
            Some("\"the\" \"who\""),
            "unless that's all there is"
        );
    }

    #[test]
    fn snippets_mark_matches_in_a_window_around_the_first() {
        let text = "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen Pricing sixteen";
        assert_eq!(
            snippet(text, &terms("pricing")).as_deref(),
            Some("…thirteen fourteen fifteen [Pricing] sixteen")
        );
        assert_eq!(
            snippet("Restore the staging DB.", &terms("staging d*")).as_deref(),
            Some("Restore the [staging] [DB].")
        );
        assert_eq!(snippet("nothing here", &terms("zebra")), None);
    }
}
