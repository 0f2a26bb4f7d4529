//! A title from what was said: the first sentence, without the "so, um" a
//! person starts with, cut at a word to fit a card.

use crate::transcripts::NewSegment;

/// Longest title made from speech, in characters.
const LONGEST: usize = 60;

/// Words people open with that say nothing.
const FILLERS: &[&str] =
    &["so", "um", "uh", "erm", "er", "okay", "ok", "well", "right", "alright", "hi", "hello", "hey"];

/// The title for a clip whose speech starts with `text`; `None` when too
/// little was said to name it.
pub fn title_from_speech(text: &str) -> Option<String> {
    let sentence = text.split_inclusive(['.', '?', '!']).map(str::trim).find(|s| words(s).count() >= 2)?;
    let sentence = sentence.trim_end_matches(['.', '!']);
    let mut kept: Vec<&str> = sentence.split_whitespace().collect();
    while kept.len() > 2 && FILLERS.contains(&bare(kept[0]).as_str()) {
        kept.remove(0);
    }
    let mut title = String::new();
    for word in &kept {
        let next = if title.is_empty() { word.to_string() } else { format!("{title} {word}") };
        if next.chars().count() > LONGEST - 1 {
            title = format!("{}…", title.trim_end_matches([',', ';', ':', '-']));
            break;
        }
        title = next;
    }
    let mut chars = title.chars();
    let first = chars.next()?;
    Some(first.to_uppercase().chain(chars).collect::<String>().trim_end_matches([',', ';', ':']).to_owned())
}

pub(super) fn title_from_segments(segments: &[NewSegment]) -> Option<String> {
    let text: String = segments.iter().take(8).map(|s| s.text.trim()).collect::<Vec<_>>().join(" ");
    title_from_speech(&text)
}

fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric))
}

fn bare(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::title_from_speech;

    #[test]
    fn the_first_sentence_without_fillers() {
        assert_eq!(
            title_from_speech("So, um, the login page fails on Safari. Let me show you.").as_deref(),
            Some("The login page fails on Safari")
        );
        assert_eq!(
            title_from_speech("Why does the build break? It did not yesterday.").as_deref(),
            Some("Why does the build break?")
        );
    }

    #[test]
    fn a_long_sentence_is_cut_at_a_word() {
        let title = title_from_speech(
            "this walkthrough covers the quarterly planning spreadsheet and every formula that feeds the summary tab",
        )
        .expect("title");
        assert!(title.chars().count() <= 60, "{title}");
        assert!(title.ends_with('…') && title.starts_with("This walkthrough covers"), "{title}");
    }

    #[test]
    fn too_little_said_gives_none() {
        assert_eq!(title_from_speech(""), None);
        assert_eq!(title_from_speech("Hmm."), None);
    }
}
