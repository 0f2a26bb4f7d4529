//! Rendering an edit: the kept ranges of a clip written as a new MP4 ("smart
//! render"). Whole GOPs inside a kept range are copied; only the frames between
//! a cut and the next keyframe are decoded and re-encoded; audio is decoded and
//! re-encoded, cut to the sample.
//!
//! ```text
//! src.mp4 ──read──┬─ video: GOP buffer ──► per kept range: copy | re-encode ──► dts ──┐
//!                 └─ audio: decode kept (+preroll) ──► cut to the sample ──► AAC ─────┴─► <dest>.partial ──rename──► dest
//! ```

mod audio;
mod packets;
mod sink;
mod video;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, mpsc};
use std::time::{Duration, Instant};

use ffmpeg::{Rational, Rescale, codec, format, media};
use ffmpeg_next as ffmpeg;

use crate::encode::EncodeError;
use crate::finalize::partial_path;

/// The shortest edit that may be rendered.
pub const MIN_EDIT_MS: u64 = 500;

/// A part of the original clip that stays, `[start_ms, end_ms)` on its timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct KeptRange {
    pub start_ms: u64,
    pub end_ms: u64,
}

impl KeptRange {
    pub fn new(start_ms: u64, end_ms: u64) -> Self {
        Self { start_ms, end_ms }
    }

    pub fn len_ms(&self) -> u64 {
        self.end_ms.saturating_sub(self.start_ms)
    }
}

/// How the audio of an edit is cut.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum AudioCut {
    /// Decoded and encoded again, cut to the sample (about 3 s of work per
    /// 100 s of speech on a 2-core machine; a tone takes less).
    #[default]
    Exact,
    /// AAC packets copied: as fast as reading, but each kept range starts on
    /// a 1,024-sample packet, so it sits up to half a packet (10.7 ms at
    /// 48 kHz) off its video, and a join may glitch for one packet.
    Packets,
}

/// One way of making the audio track: packets in, packets out.
trait AudioSide: Send {
    fn packet(&mut self, packet: &ffmpeg::Packet) -> Result<(), RenderError>;
    /// Packets ready to be written.
    fn take(&mut self) -> Vec<ffmpeg::Packet>;
    /// True once the packets read are past the last kept range.
    fn past_end(&self) -> bool;
    fn finish(&mut self) -> Result<(), RenderError>;
}

/// A rendered edit.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Rendered {
    pub path: PathBuf,
    pub duration_ms: u64,
    pub size_bytes: u64,
    /// Video frames copied without decoding.
    pub frames_copied: u64,
    /// Video frames decoded and encoded again (the pieces next to cuts).
    pub frames_reencoded: u64,
}

/// What went wrong rendering an edit.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("an edit keeps at least one range of the clip")]
    NoRanges,
    #[error("the kept range {start_ms}–{end_ms} ms is empty; a range ends after it starts")]
    EmptyRange { start_ms: u64, end_ms: u64 },
    #[error(
        "kept ranges must be in order and must not overlap (one ends at {prev_end_ms} ms, the next starts at {start_ms} ms)"
    )]
    Overlapping { prev_end_ms: u64, start_ms: u64 },
    #[error("the kept range ending at {end_ms} ms is outside the clip, which is {duration_ms} ms long")]
    OutsideClip { end_ms: u64, duration_ms: u64 },
    #[error("the edit keeps only {total_ms} ms; keep at least {MIN_EDIT_MS} ms")]
    TooShort { total_ms: u64 },
    #[error("cannot open {path}: {source}")]
    Open { path: String, source: ffmpeg::Error },
    #[error("{path} is not an H.264 video ({codec}); import it first so it is converted")]
    NotH264 { path: String, codec: String },
    #[error("{path} cannot be edited without re-encoding all of it: {reason}")]
    Unsupported { path: String, reason: &'static str },
    #[error(transparent)]
    Encode(#[from] EncodeError),
    #[error("the audio of {path} could not be rendered: its worker thread stopped")]
    AudioStopped { path: String },
    #[error("the disk is full while writing {path}; free some space and render again")]
    DiskFull { path: String },
    #[error("cannot write {path}: {source}")]
    Write { path: String, source: ffmpeg::Error },
    #[error("cannot write {path}: {source}")]
    Io { path: String, source: std::io::Error },
}

/// Check the ranges against the clip's length; the first problem wins.
pub fn check_ranges(kept: &[KeptRange], duration_ms: u64) -> Result<(), RenderError> {
    if kept.is_empty() {
        return Err(RenderError::NoRanges);
    }
    let mut prev_end: Option<u64> = None;
    for r in kept {
        if r.end_ms <= r.start_ms {
            return Err(RenderError::EmptyRange { start_ms: r.start_ms, end_ms: r.end_ms });
        }
        if let Some(prev_end_ms) = prev_end
            && r.start_ms < prev_end_ms
        {
            return Err(RenderError::Overlapping { prev_end_ms, start_ms: r.start_ms });
        }
        if r.end_ms > duration_ms {
            return Err(RenderError::OutsideClip { end_ms: r.end_ms, duration_ms });
        }
        prev_end = Some(r.end_ms);
    }
    let total_ms = kept.iter().map(KeptRange::len_ms).sum();
    if total_ms < MIN_EDIT_MS {
        return Err(RenderError::TooShort { total_ms });
    }
    Ok(())
}

/// Render the `kept` ranges of `src` (an H.264/AAC MP4) to `dest`, a
/// faststart MP4. Written to `<dest>.partial` and renamed when complete, so
/// a crash or kill leaves `src` and any earlier `dest` as they were.
/// `progress` gets the fraction done, from 0 to 1.
pub fn render_edit(
    src: &Path,
    kept: &[KeptRange],
    dest: &Path,
    progress: &mut dyn FnMut(f32),
) -> Result<Rendered, RenderError> {
    render_edit_with(src, kept, dest, AudioCut::Exact, progress)
}

/// [`render_edit`] with the audio cut chosen.
pub fn render_edit_with(
    src: &Path,
    kept: &[KeptRange],
    dest: &Path,
    audio_cut: AudioCut,
    progress: &mut dyn FnMut(f32),
) -> Result<Rendered, RenderError> {
    crate::encode::init();
    let shown = src.display().to_string();
    let mut ictx = format::input(src).map_err(|source| RenderError::Open { path: shown.clone(), source })?;
    let duration_ms = u64::try_from(ictx.duration() / 1000).unwrap_or(0);
    check_ranges(kept, duration_ms)?;
    let vst = ictx
        .streams()
        .best(media::Type::Video)
        .ok_or(RenderError::NotH264 { path: shown.clone(), codec: "no video".into() })?;
    if vst.parameters().id() != codec::Id::H264 {
        return Err(RenderError::NotH264 { path: shown, codec: format!("{:?}", vst.parameters().id()) });
    }
    let (vi, vtb, vparams) = (vst.index(), vst.time_base(), vst.parameters());
    let mut video = video::Video::new(vparams.clone(), vtb, vst.avg_frame_rate(), kept, &shown);
    let ast = ictx.streams().best(media::Type::Audio).map(|a| (a.index(), a.time_base(), a.parameters()));
    // The audio side and its track's parameters and time base.
    let audio: Option<(usize, Box<dyn AudioSide>, codec::Parameters, Rational)> = match (&ast, audio_cut) {
        (None, _) => None,
        (Some((ai, tb, params)), AudioCut::Exact) => {
            let a = audio::Audio::new(params.clone(), *tb, kept)?;
            let (p, tb) = (codec::Parameters::from(a.encoder()), a.encoder().time_base());
            Some((*ai, Box::new(a), p, tb))
        }
        (Some((ai, tb, params)), AudioCut::Packets) => {
            let rate = ictx.stream(*ai).map_or(48_000, |s| {
                codec::context::Context::from_parameters(s.parameters())
                    .and_then(|c| c.decoder().audio())
                    .map_or(48_000, |d| d.rate())
            });
            let a = packets::Packets::new(*tb, rate, kept);
            let out_tb = a.time_base();
            Some((*ai, Box::new(a), params.clone(), out_tb))
        }
    };

    let partial = partial_path(dest);
    let total: u64 = kept.iter().map(KeptRange::len_ms).sum();
    progress(0.0);
    let result = (|| {
        let track = audio.as_ref().map(|(_, _, p, tb)| (p, *tb));
        let mut sink = sink::Sink::create(&partial, &vparams, vtb, track)?;
        // Audio (decode + AAC) costs more than copying video: its own thread
        // and reader; its packets are written between GOPs as they come.
        let (tx, rx) = mpsc::channel();
        // Where the audio thread has read to (ms of the original); progress
        // is the slower side's.
        let audio_at = Arc::new(AtomicI64::new(if audio.is_some() { i64::MIN } else { i64::MAX }));
        let worker = match audio {
            Some((ai, a, _, _)) => Some(spawn_audio(src.to_owned(), ai, a, tx, Arc::clone(&audio_at))?),
            None => {
                drop(tx); // nothing will send: the wait below ends at once
                None
            }
        };
        let mut reported = 0.0f32;
        let mut report = |video_at: i64| {
            let at = video_at.min(audio_at.load(Ordering::Relaxed));
            let f = done_fraction(kept, at, total) * 0.99;
            if f >= reported {
                reported = f;
                progress(f);
            }
        };
        let last_end = kept.last().map_or(0, |r| i64::try_from(r.end_ms).unwrap_or(i64::MAX));
        let mut gop: Vec<ffmpeg::Packet> = Vec::new();
        let mut video_done = false;
        for (stream, packet) in ictx.packets() {
            if stream.index() != vi {
                continue;
            }
            if packet.is_key() && !gop.is_empty() {
                video.gop(&gop, &mut sink)?;
                let at = ms(gop.iter().filter_map(|p| p.pts()).max().unwrap_or(0), vtb);
                report(at);
                gop.clear();
                while let Ok(p) = rx.try_recv() {
                    sink.audio(p)?;
                }
                if ms(packet.pts().unwrap_or(0), vtb) >= last_end {
                    video_done = true;
                    break;
                }
            }
            gop.push(packet);
        }
        if !video_done {
            video.gop(&gop, &mut sink)?;
        }
        // The audio thread may still be encoding: write its packets as they come.
        let mut reported_at = Instant::now();
        loop {
            match rx.recv_timeout(Duration::from_millis(100)) {
                Ok(p) => sink.audio(p)?,
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
            if reported_at.elapsed() >= Duration::from_millis(100) {
                report(i64::MAX);
                reported_at = Instant::now();
            }
        }
        if let Some(worker) = worker {
            worker.join().map_err(|_| RenderError::AudioStopped { path: shown.clone() })??;
        }
        for p in rx.try_iter() {
            sink.audio(p)?;
        }
        sink.finish()?;
        std::fs::File::open(&partial)
            .and_then(|f| f.sync_all())
            .map_err(|source| RenderError::Io { path: partial.display().to_string(), source })?;
        std::fs::rename(&partial, dest)
            .map_err(|source| RenderError::Io { path: dest.display().to_string(), source })?;
        Ok(())
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&partial);
        return Err(e);
    }
    progress(1.0);
    let size_bytes = std::fs::metadata(dest).map(|m| m.len()).unwrap_or(0);
    let duration_ms = format::input(dest).map(|i| u64::try_from(i.duration() / 1000).unwrap_or(0)).unwrap_or(0);
    Ok(Rendered {
        path: dest.to_owned(),
        duration_ms,
        size_bytes,
        frames_copied: video.copied,
        frames_reencoded: video.reencoded,
    })
}

/// Run the audio side on thread `edit-audio` with its own reader of `src`.
fn spawn_audio(
    src: PathBuf,
    index: usize,
    mut audio: Box<dyn AudioSide>,
    tx: mpsc::Sender<ffmpeg::Packet>,
    at_ms: Arc<AtomicI64>,
) -> Result<std::thread::JoinHandle<Result<(), RenderError>>, RenderError> {
    let shown = src.display().to_string();
    std::thread::Builder::new()
        .name("edit-audio".into())
        .spawn(move || {
            let _span = tracing::debug_span!("edit-audio").entered();
            let mut ictx = format::input(&src).map_err(|source| RenderError::Open { path: shown.clone(), source })?;
            let tb = ictx.stream(index).map_or(Rational(1, 48_000), |s| s.time_base());
            for (stream, packet) in ictx.packets() {
                if stream.index() != index {
                    continue;
                }
                audio.packet(&packet)?;
                at_ms.store(packet.pts().map_or(i64::MIN, |t| ms(t, tb)), Ordering::Relaxed);
                for p in audio.take() {
                    // The writer went away: it failed and reports why.
                    if tx.send(p).is_err() {
                        return Ok(());
                    }
                }
                if audio.past_end() {
                    break;
                }
            }
            audio.finish()?;
            at_ms.store(i64::MAX, Ordering::Relaxed);
            for p in audio.take() {
                let _ = tx.send(p);
            }
            Ok(())
        })
        .map_err(|source| RenderError::Io { path: "the audio thread".into(), source })
}

/// Milliseconds of a timestamp in `tb`.
pub(crate) fn ms(ts: i64, tb: Rational) -> i64 {
    ts.rescale(tb, Rational(1, 1000))
}

/// Share of the kept time that lies before `at_ms` on the original timeline.
fn done_fraction(kept: &[KeptRange], at_ms: i64, total: u64) -> f32 {
    let at = u64::try_from(at_ms).unwrap_or(0);
    let done: u64 = kept.iter().map(|r| at.clamp(r.start_ms, r.end_ms) - r.start_ms).sum();
    (done as f64 / total.max(1) as f64).min(1.0) as f32
}

#[cfg(test)]
mod tests {
    use super::{KeptRange, RenderError, check_ranges};

    #[test]
    fn ranges_are_checked_in_order() {
        let r = KeptRange::new;
        assert!(check_ranges(&[r(0, 1000), r(2000, 3000)], 3000).is_ok());
        assert!(matches!(check_ranges(&[], 3000), Err(RenderError::NoRanges)));
        assert!(matches!(check_ranges(&[r(100, 100)], 3000), Err(RenderError::EmptyRange { .. })));
        assert!(matches!(check_ranges(&[r(0, 900), r(800, 2000)], 3000), Err(RenderError::Overlapping { .. })));
        assert!(matches!(check_ranges(&[r(0, 3001)], 3000), Err(RenderError::OutsideClip { .. })));
        assert!(matches!(check_ranges(&[r(0, 200), r(300, 499)], 3000), Err(RenderError::TooShort { total_ms: 399 })));
    }
}
