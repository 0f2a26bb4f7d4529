//! Where speech begins inside a segment. Whisper's segment times come from
//! its 30-second windows and often start at the silence before the first
//! word (the first segment of a clip at 0:00 whatever was said then). The
//! audio itself says better: a segment's start moves forward to its first
//! 20 ms frame clearly louder than the clip's background.

use crate::{SAMPLE_RATE, Segment};

const FRAME: usize = SAMPLE_RATE as usize / 50;

pub(crate) fn refine_starts(samples: &[f32], segments: &mut [Segment]) {
    let loudness: Vec<f32> =
        samples.chunks(FRAME).map(|c| (c.iter().map(|x| x * x).sum::<f32>() / c.len() as f32).sqrt()).collect();
    if loudness.is_empty() {
        return;
    }
    let mut sorted = loudness.clone();
    sorted.sort_by(f32::total_cmp);
    let floor = sorted[sorted.len() / 10];
    let peak = sorted[sorted.len() - 1];
    let threshold = floor * 3.0 + (peak - floor) * 0.1;
    if peak <= floor {
        return;
    }
    let frame_ms = 1000 / (SAMPLE_RATE as usize / FRAME) as u64;
    for segment in segments {
        let first = usize::try_from(segment.start_ms / frame_ms).unwrap_or(usize::MAX);
        let last = usize::try_from(segment.end_ms.div_ceil(frame_ms)).unwrap_or(usize::MAX).min(loudness.len());
        if let Some(i) = (first..last).find(|&i| loudness[i] >= threshold) {
            segment.start_ms = segment.start_ms.max(i as u64 * frame_ms);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(start_ms: u64, end_ms: u64) -> Segment {
        Segment { start_ms, end_ms, text: "words".into() }
    }

    #[test]
    fn a_start_moves_to_where_the_sound_begins_and_never_back() {
        // 1 s of silence, 1 s of tone, 1 s of silence, 1 s of tone.
        let tone = |n: usize| (0..n).map(|i| (i as f32 * 0.3).sin() * 0.5);
        let second = SAMPLE_RATE as usize;
        let mut audio = vec![0.0; second];
        audio.extend(tone(second));
        audio.extend(vec![0.0; second]);
        audio.extend(tone(second));
        let mut segments = [segment(0, 2000), segment(2000, 4000), segment(3500, 4000)];
        refine_starts(&audio, &mut segments);
        assert_eq!(segments[0].start_ms, 1000);
        assert_eq!(segments[1].start_ms, 3000);
        assert_eq!(segments[2].start_ms, 3500, "already inside the sound: unchanged");
    }

    #[test]
    fn silence_changes_nothing() {
        let mut segments = [segment(0, 1000)];
        refine_starts(&[0.0; 16_000], &mut segments);
        assert_eq!(segments[0].start_ms, 0);
    }
}
