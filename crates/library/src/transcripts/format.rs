//! A transcript as files people and players read: WebVTT captions (what a
//! browser's `<track>` plays), SubRip for video editors, and plain text.

use crate::transcripts::Segment;

/// The file formats a transcript is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaptionFormat {
    /// One line per segment, no times.
    Text,
    /// WebVTT, for `<track kind="captions">`.
    Vtt,
    /// SubRip.
    Srt,
}

impl CaptionFormat {
    /// The MIME type a server answers with.
    pub fn mime(self) -> &'static str {
        match self {
            CaptionFormat::Text => "text/plain; charset=utf-8",
            CaptionFormat::Vtt => "text/vtt; charset=utf-8",
            CaptionFormat::Srt => "application/x-subrip; charset=utf-8",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            CaptionFormat::Text => "txt",
            CaptionFormat::Vtt => "vtt",
            CaptionFormat::Srt => "srt",
        }
    }

    /// Writes `segments` in this format.
    pub fn write(self, segments: &[Segment]) -> String {
        match self {
            CaptionFormat::Text => segments.iter().map(|s| format!("{}\n", s.text)).collect(),
            CaptionFormat::Vtt => {
                let cues: String = segments
                    .iter()
                    .map(|s| {
                        format!("\n{} --> {}\n{}\n", stamp(s.start_ms, '.'), stamp(cue_end(s), '.'), cue_text(&s.text))
                    })
                    .collect();
                format!("WEBVTT\n{cues}")
            }
            CaptionFormat::Srt => segments
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    format!("{}\n{} --> {}\n{}\n\n", i + 1, stamp(s.start_ms, ','), stamp(cue_end(s), ','), s.text)
                })
                .collect(),
        }
    }
}

impl std::str::FromStr for CaptionFormat {
    type Err = crate::Error;

    fn from_str(s: &str) -> crate::Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "text" | "txt" => Ok(CaptionFormat::Text),
            "vtt" | "webvtt" => Ok(CaptionFormat::Vtt),
            "srt" => Ok(CaptionFormat::Srt),
            _ => Err(crate::Error::BadValue { field: "format", given: s.to_owned(), hint: "use text, vtt or srt" }),
        }
    }
}

/// A cue lasts at least a moment, so a player shows it.
fn cue_end(s: &Segment) -> u64 {
    s.end_ms.max(s.start_ms + 500)
}

/// `00:01:02.345` (WebVTT) or `00:01:02,345` (SubRip).
fn stamp(ms: u64, separator: char) -> String {
    let (h, m, s, f) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000);
    format!("{h:02}:{m:02}:{s:02}{separator}{f:03}")
}

/// Cue text may not hold a blank line or `-->`, and `<` `&` are markup.
fn cue_text(text: &str) -> String {
    let text = text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    text.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(start_ms: u64, end_ms: u64, text: &str) -> Segment {
        Segment { start_ms, end_ms, text: text.into(), heard: None }
    }

    #[test]
    fn writes_webvtt_a_browser_reads() {
        let vtt = CaptionFormat::Vtt.write(&[seg(0, 2_500, "Hello <team> & co."), seg(3_723_004, 3_723_004, "Bye")]);
        assert_eq!(
            vtt,
            "WEBVTT\n\n00:00:00.000 --> 00:00:02.500\nHello &lt;team&gt; &amp; co.\n\n\
             01:02:03.004 --> 01:02:03.504\nBye\n"
        );
    }

    #[test]
    fn writes_subrip_and_text() {
        let segments = [seg(1_000, 2_000, "One."), seg(2_000, 4_000, "Two.")];
        assert_eq!(
            CaptionFormat::Srt.write(&segments),
            "1\n00:00:01,000 --> 00:00:02,000\nOne.\n\n2\n00:00:02,000 --> 00:00:04,000\nTwo.\n\n"
        );
        assert_eq!(CaptionFormat::Text.write(&segments), "One.\nTwo.\n");
        assert!("json".parse::<CaptionFormat>().is_err());
    }
}
