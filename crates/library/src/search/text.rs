//! From what a person typed to an FTS5 query, and from a matching text to a
//! snippet with the matches marked.

use super::SearchKind;

/// A word of a query, lower-cased; `prefix` when it was typed with a `*` after it.
#[derive(Debug, PartialEq)]
pub(super) struct Term {
    word: String,
    prefix: bool,
}

impl Term {
    fn matches(&self, token: &str) -> bool {
        let token = token.to_lowercase();
        if self.prefix { token.starts_with(&self.word) } else { token == self.word }
    }
}

/// Words so common that requiring them narrows nothing, while BM25 pays for
/// them: its IDF walks every row holding the word (650,000 of a million for
/// "the", ~15 ms). Dropped from a query that has other words.
const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "do", "for", "from", "has", "have", "how", "i", "in", "is",
    "it", "its", "of", "on", "or", "our", "so", "that", "the", "their", "this", "to", "was", "we", "what", "when",
    "where", "which", "who", "why", "will", "with", "you", "your",
];

/// The terms of a query: runs of letters and digits; everything else
/// separates them, and a `*` right after a word makes it a prefix.
pub(super) fn terms(query: &str) -> Vec<Term> {
    let all: Vec<Term> = token_spans(query)
        .into_iter()
        .map(|(a, b)| Term { word: query[a..b].to_lowercase(), prefix: query[b..].starts_with('*') })
        .collect();
    let is_stop = |t: &Term| !t.prefix && STOP_WORDS.contains(&t.word.as_str());
    if all.iter().all(is_stop) { all } else { all.into_iter().filter(|t| !is_stop(t)).collect() }
}

/// About a dozen words of `text` around the first match, matches in `[` `]`;
/// `None` when no word matches.
pub(super) fn snippet(text: &str, terms: &[Term]) -> Option<String> {
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

/// The whole MATCH expression: the typed words (see [`fts_query`]) among
/// `kinds` only (all when empty).
///
/// Comments are most of any library, and BM25's IDF walks the whole doclist
/// of every phrase in the query (a million rows for `comment`, ~20 ms), so a
/// filter that wants comments excludes the other kinds with `NOT` instead of
/// naming comments; either way only the smaller kinds' doclists are walked.
///
/// A word that could match a kind's name (`clip`, `comm*`) is confined to
/// titles and bodies, so it never matches the `kind` column; other words are
/// left unconfined, since a column filter costs ~25% on a common word.
pub(super) fn fts_match(terms: &[Term], kinds: &[SearchKind]) -> Option<String> {
    let expr = fts_query(terms)?;
    let all = SearchKind::ALL;
    let names_a_kind = terms.iter().any(|t| all.iter().any(|k| t.matches(k.as_str())));
    let words = if names_a_kind { format!("{{title body}}: ({expr})") } else { expr };
    let (op, named): (&str, Vec<SearchKind>) = if kinds.contains(&SearchKind::Comment) {
        ("NOT", all.into_iter().filter(|k| !kinds.contains(k)).collect())
    } else {
        ("AND", kinds.to_vec())
    };
    if named.is_empty() {
        return Some(words);
    }
    let named = named.iter().map(|k| format!("\"{}\"", k.as_str())).collect::<Vec<_>>().join(" OR ");
    let words = if names_a_kind { words } else { format!("({words})") };
    Some(format!("{words} {op} kind: ({named})"))
}

#[cfg(test)]
mod tests {
    use super::{SearchKind, fts_match, fts_query, snippet, terms};

    #[test]
    fn typed_words_become_quoted_terms() {
        assert_eq!(fts_query(&terms("launch Plan")).as_deref(), Some("\"launch\" \"plan\""));
        assert_eq!(fts_query(&terms("desi* review")).as_deref(), Some("\"desi\"* \"review\""));
        assert_eq!(fts_query(&terms("x\"y NEAR -z")).as_deref(), Some("\"x\" \"y\" \"near\" \"z\""));
        assert_eq!(fts_query(&terms("  ?! *")), None);
        assert_eq!(fts_query(&terms("the release of it")).as_deref(), Some("\"release\""), "stop words dropped");
        assert_eq!(fts_query(&terms("The Who")).as_deref(), Some("\"the\" \"who\""), "unless that's all there is");
    }

    #[test]
    fn kinds_narrow_the_match_naming_the_fewest_rows() {
        let only = |q: &str, kinds: &[SearchKind]| fts_match(&terms(q), kinds).expect("words");
        assert_eq!(only("pricing", &[]), "\"pricing\"");
        assert_eq!(only("pricing", &[SearchKind::Clip]), "(\"pricing\") AND kind: (\"clip\")");
        assert_eq!(
            only("pricing", &[SearchKind::Clip, SearchKind::Comment, SearchKind::Thread]),
            "(\"pricing\") NOT kind: (\"document\" OR \"message\" OR \"transcript\")",
            "comments are excluded around, never named"
        );
        let every = SearchKind::ALL;
        assert_eq!(only("pricing", &every), "\"pricing\"");
        assert_eq!(only("broken clip", &[]), "{title body}: (\"broken\" \"clip\")", "kind names are not text");
        assert_eq!(only("mess*", &[SearchKind::Thread]), "{title body}: (\"mess\"*) AND kind: (\"thread\")");
        assert_eq!(fts_match(&terms(" * "), &[SearchKind::Clip]), None);
    }

    #[test]
    fn snippets_mark_matches_in_a_window_around_the_first() {
        let text =
            "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen Pricing sixteen";
        assert_eq!(snippet(text, &terms("pricing")).as_deref(), Some("…thirteen fourteen fifteen [Pricing] sixteen"));
        assert_eq!(
            snippet("Restore the staging DB.", &terms("staging d*")).as_deref(),
            Some("Restore the [staging] [DB].")
        );
        assert_eq!(snippet("nothing here", &terms("zebra")), None);
    }
}
