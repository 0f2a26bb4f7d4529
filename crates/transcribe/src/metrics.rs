//! How well a transcript matches what was said: the word error rate the
//! tests and the benchmark measure, with words compared as a person reads
//! them (case and punctuation aside).

/// The words of `text`, lower-case, punctuation dropped.
pub fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(|w| w.chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_lowercase())
        .filter(|w| !w.is_empty())
        .collect()
}

/// Word-level edit distance (substitutions, insertions, deletions) over the
/// reference's length.
pub fn word_error_rate(reference: &[String], heard: &[String]) -> f64 {
    let mut row: Vec<usize> = (0..=heard.len()).collect();
    for (i, r) in reference.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, h) in heard.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(r != h)).min(row[j] + 1).min(above + 1);
            diagonal = above;
        }
    }
    row[heard.len()] as f64 / reference.len().max(1) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_wrong_word_in_four_is_a_quarter() {
        let said = words("Ship it on Thursday.");
        assert_eq!(word_error_rate(&said, &words("ship it on Tuesday")), 0.25);
        assert_eq!(word_error_rate(&said, &words("SHIP, it on thursday!")), 0.0);
        assert_eq!(word_error_rate(&said, &words("ship it")), 0.5);
    }
}
