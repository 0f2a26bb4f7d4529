//! Synthetic sources for tests and demos: a test pattern with a frame counter
//! and timed colour flashes, and a tone with timed beeps. They implement the
//! same traits as the devices, so tests drive the real pipeline.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use super::{AudioChunk, AudioFormat, AudioSink, AudioSource, SourceError, VideoFrame, VideoSink, VideoSource};

/// A colour shown full-frame during `[at, at + len)` of media time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Flash {
    pub at: Duration,
    pub len: Duration,
    pub rgb: [u8; 3],
}

/// A grey test pattern with the frame number drawn as 16 binary blocks along
/// the top edge (white = 1, black = 0, least significant bit first).
#[derive(Debug, Clone)]
pub struct TestPattern {
    pub width: u32,
    pub height: u32,
    pub fps: u32,
    pub flashes: Vec<Flash>,
}

impl TestPattern {
    /// A `width`×`height` pattern at `fps` frames per second without flashes.
    pub fn new(width: u32, height: u32, fps: u32) -> Self {
        Self { width, height, fps, flashes: Vec::new() }
    }

    /// Add a full-frame colour flash.
    pub fn with_flash(mut self, at: Duration, len: Duration, rgb: [u8; 3]) -> Self {
        self.flashes.push(Flash { at, len, rgb });
        self
    }

    fn paint(&self, n: u64, media: Option<Duration>, buf: &mut [u8]) {
        let (w, h) = (self.width as usize, self.height as usize);
        let flash = media.and_then(|t| self.flashes.iter().find(|f| t >= f.at && t < f.at + f.len));
        let [r, g, b] = flash.map_or([128, 128, 128], |f| f.rgb);
        for px in buf.chunks_exact_mut(4) {
            px.copy_from_slice(&[b, g, r, 255]);
        }
        let block = (w / 16).max(1);
        let bar_h = (h / 10).clamp(1, block);
        for bit in 0..16.min(w / block) {
            let v = if (n >> bit) & 1 == 1 { 255 } else { 0 };
            for y in 0..bar_h {
                let row = y * w * 4;
                for x in bit * block..(bit + 1) * block {
                    if let Some(px) = buf.get_mut(row + x * 4..row + x * 4 + 4) {
                        px.copy_from_slice(&[v, v, v, 255]);
                    }
                }
            }
        }
    }
}

impl VideoSource for TestPattern {
    fn describe(&self) -> String {
        format!("test pattern {}x{}", self.width, self.height)
    }

    fn backend(&self) -> &'static str {
        "synthetic"
    }

    fn size(&self) -> (u32, u32) {
        (self.width, self.height)
    }

    fn fps(&self) -> u32 {
        self.fps
    }

    fn run(&mut self, sink: &VideoSink, stop: &AtomicBool) -> Result<(), SourceError> {
        let period = Duration::from_secs(1) / self.fps.max(1);
        let start = Instant::now();
        let mut buf = vec![0u8; self.width as usize * self.height as usize * 4];
        let mut n: u64 = 0;
        while !stop.load(Ordering::Relaxed) {
            let due = start + period * u32::try_from(n).unwrap_or(u32::MAX);
            if let Some(wait) = due.checked_duration_since(Instant::now()) {
                std::thread::sleep(wait);
            }
            let now = Instant::now();
            self.paint(n, sink.media_time(now), &mut buf);
            let stride = self.width as usize * 4;
            sink.push(VideoFrame::from_bgra(self.width, self.height, stride, &buf, now));
            n += 1;
        }
        Ok(())
    }
}

/// A sine tone. With beeps, it sounds only during `[k*period, k*period + len)`
/// of media time and is silent in between.
#[derive(Debug, Clone)]
pub struct Tone {
    pub frequency: f32,
    pub amplitude: f32,
    pub rate: u32,
    pub beeps: Option<(Duration, Duration)>,
    /// Frames per buffer handed over (480: 10 ms at 48 kHz); devices differ.
    pub buffer: u32,
    /// How much faster than the system clock the device's clock runs
    /// (0.001: it delivers `rate` × 1.001 samples a second); crystals differ.
    pub clock_skew: f64,
}

impl Tone {
    /// A continuous tone at `frequency` Hz, half full scale, 48 kHz mono.
    pub fn new(frequency: f32) -> Self {
        Self { frequency, amplitude: 0.5, rate: 48_000, beeps: None, buffer: 480, clock_skew: 0.0 }
    }

    /// Sound only `len` out of every `period`.
    pub fn with_beeps(mut self, period: Duration, len: Duration) -> Self {
        self.beeps = Some((period, len));
        self
    }

    fn audible(&self, media: Option<Duration>) -> bool {
        match (self.beeps, media) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some((period, len)), Some(t)) => {
                let period = period.as_nanos().max(1);
                t.as_nanos() % period < len.as_nanos()
            }
        }
    }
}

impl AudioSource for Tone {
    fn describe(&self) -> String {
        format!("tone {} Hz", self.frequency)
    }

    fn format(&self) -> AudioFormat {
        AudioFormat { rate: self.rate, channels: 1 }
    }

    fn run(&mut self, sink: &AudioSink, stop: &AtomicBool) -> Result<(), SourceError> {
        let chunk = u64::from(self.buffer.max(1));
        let start = Instant::now();
        let rate = f64::from(self.rate.max(1));
        let step = std::f64::consts::TAU * f64::from(self.frequency) / rate;
        // When sample `i` is captured by the system's clock.
        let when = |i: u64| start + Duration::from_secs_f64(i as f64 / (rate * (1.0 + self.clock_skew)).max(1.0));
        let mut n: u64 = 0;
        while !stop.load(Ordering::Relaxed) {
            let first = when(n);
            if let Some(wait) = when(n + chunk).checked_duration_since(Instant::now()) {
                std::thread::sleep(wait);
            }
            let samples = (n..n + chunk)
                .map(|i| {
                    let at = when(i);
                    if self.audible(sink.media_time(at)) {
                        (self.amplitude as f64 * (step * i as f64).sin()) as f32
                    } else {
                        0.0
                    }
                })
                .collect();
            sink.push(AudioChunk { samples, captured: first });
            n += chunk;
        }
        Ok(())
    }
}
