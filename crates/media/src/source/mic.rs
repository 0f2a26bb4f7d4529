//! Microphone capture through cpal (ALSA on Linux, which reaches PulseAudio or
//! PipeWire through their ALSA plugins; CoreAudio; WASAPI).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use cpal::traits::{DeviceTrait, HostTrait, StreamTrait};
use cpal::{FromSample, Sample, SampleFormat, SizedSample};

use super::{AudioChunk, AudioFormat, AudioSink, AudioSource, SourceError};
use crate::devices::DeviceError;

/// Which input to record.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum MicrophoneChoice {
    /// The system's default input.
    #[default]
    Default,
    /// An input by the name `afterword devices` shows.
    Named(String),
    /// What the computer plays: the monitor of the default output
    /// (PulseAudio or PipeWire on Linux).
    SystemAudio,
}

/// A cpal input device with a chosen configuration.
pub struct Microphone {
    device: cpal::Device,
    config: cpal::StreamConfig,
    sample_format: SampleFormat,
    name: String,
}

impl std::fmt::Debug for Microphone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Microphone").field("name", &self.name).field("config", &self.config).finish()
    }
}

pub(crate) fn device_name(d: &cpal::Device) -> String {
    d.description().map_or_else(|_| d.to_string(), |desc| desc.name().to_owned())
}

/// On Linux, PulseAudio's native protocol (also spoken by PipeWire) when a
/// server answers: the ALSA `pulse` plugin busy-polls (~0.1 CPU-s/s in the
/// benchmark) and hides monitor sources. ALSA otherwise; the platform default
/// elsewhere.
pub(crate) fn host() -> cpal::Host {
    #[cfg(target_os = "linux")]
    if let Ok(h) = cpal::host_from_id(cpal::HostId::PulseAudio) {
        return h;
    }
    cpal::default_host()
}

/// The monitor source of the default sink ("Monitor of <sink>").
fn system_monitor(host: &cpal::Host) -> Result<cpal::Device, DeviceError> {
    let sink = host.default_output_device().map(|d| device_name(&d)).ok_or(DeviceError::NoSystemAudio)?;
    let wanted = format!("Monitor of {sink}");
    host.input_devices()
        .map_err(|e| DeviceError::Audio(e.to_string()))?
        .find(|d| device_name(d) == wanted)
        .ok_or(DeviceError::NoSystemAudio)
}

fn host_is_pulse(host: &cpal::Host) -> bool {
    #[cfg(target_os = "linux")]
    return host.id() == cpal::HostId::PulseAudio;
    #[cfg(not(target_os = "linux"))]
    return {
        let _ = host;
        false
    };
}

impl Microphone {
    /// Find the input and pick 48 kHz (so nothing needs resampling) with
    /// 20 ms buffers when the device allows it.
    pub fn open(choice: &MicrophoneChoice) -> Result<Self, DeviceError> {
        let host = host();
        let device = match choice {
            MicrophoneChoice::Default => host.default_input_device().ok_or(DeviceError::NoMicrophone)?,
            MicrophoneChoice::Named(name) => host
                .input_devices()
                .map_err(|e| DeviceError::Audio(e.to_string()))?
                .find(|d| device_name(d) == *name || d.id().is_ok_and(|id| id.id() == name))
                .ok_or_else(|| DeviceError::UnknownMicrophone { name: name.clone() })?,
            MicrophoneChoice::SystemAudio => system_monitor(&host)?,
        };
        let name = device_name(&device);
        let wanted = [SampleFormat::F32, SampleFormat::I16, SampleFormat::I32];
        let ranged = device
            .supported_input_configs()
            .map_err(|e| DeviceError::Audio(e.to_string()))?
            .filter(|c| wanted.contains(&c.sample_format()) && c.channels() <= 2)
            .filter_map(|c| c.try_with_sample_rate(48_000))
            .min_by_key(|c| wanted.iter().position(|f| *f == c.sample_format()));
        let chosen = match ranged {
            Some(c) => c,
            None => device.default_input_config().map_err(|e| DeviceError::Audio(e.to_string()))?,
        };
        let sample_format = chosen.sample_format();
        let native_pulse = host_is_pulse(&host);
        let mut config: cpal::StreamConfig = chosen.config();
        if let cpal::SupportedBufferSize::Range { min, max } = chosen.buffer_size() {
            // ALSA: 20 ms periods (its default buffers ~370 ms and delivers in
            // bursts). Native PulseAudio: 50 ms fragments with "adjust
            // latency" (what a fixed size asks for). Its own default asks for
            // nothing: a source no other client hurries then delivers in 2 s
            // bursts, which the encoder took for a stalled microphone. 20 ms
            // fragments came ragged (cpal makes the server's buffer one
            // fragment long); 50 ms ones arrive whole.
            let want = config.sample_rate / if native_pulse { 20 } else { 50 };
            if (*min..=*max).contains(&want) {
                config.buffer_size = cpal::BufferSize::Fixed(want);
            }
        }
        Ok(Self { device, config, sample_format, name })
    }

    /// Open and start the device's stream; every buffer reaches `deliver`
    /// as `f32` on cpal's thread, stamped with when its first sample was
    /// captured. The one stream set-up shared by recording ([`AudioSource::run`])
    /// and [`crate::MicMonitor`].
    pub(crate) fn stream(&self, deliver: impl FnMut(AudioChunk) + Send + 'static) -> Result<LiveStream, SourceError> {
        let gone = Arc::new(Mutex::new(None));
        let what = format!("microphone {}", self.name);
        let open_err = |e: cpal::Error| SourceError::Open { what: what.clone(), reason: e.to_string() };
        let stream = match self.sample_format {
            SampleFormat::I16 => self.build::<i16>(deliver, gone.clone()),
            SampleFormat::I32 => self.build::<i32>(deliver, gone.clone()),
            _ => self.build::<f32>(deliver, gone.clone()),
        }
        .map_err(open_err)?;
        stream.play().map_err(open_err)?;
        Ok(LiveStream { _stream: stream, gone, what })
    }

    fn build<T>(
        &self,
        mut deliver: impl FnMut(AudioChunk) + Send + 'static,
        gone: Arc<Mutex<Option<String>>>,
    ) -> Result<cpal::Stream, cpal::Error>
    where
        T: SizedSample,
        f32: FromSample<T>,
    {
        let mut stamps = Stamps::new(self.config.sample_rate, self.config.channels);
        self.device.build_input_stream(
            self.config,
            move |data: &[T], info: &cpal::InputCallbackInfo| {
                let ts = info.timestamp();
                let latency = ts.callback.saturating_duration_since(ts.capture);
                // Both hosts count the samples of this buffer in the latency
                // (ALSA's delay, Pulse's queue), so `capture` is its first sample.
                let measured = Instant::now().checked_sub(latency).unwrap_or_else(Instant::now);
                let captured = stamps.stamp(measured, data.len());
                let samples = data.iter().map(|s| f32::from_sample(*s)).collect();
                deliver(AudioChunk { samples, captured });
            },
            move |err: cpal::Error| {
                tracing::warn!(error = %err, "microphone stream error");
                if matches!(
                    err.kind(),
                    cpal::ErrorKind::DeviceNotAvailable
                        | cpal::ErrorKind::HostUnavailable
                        | cpal::ErrorKind::StreamInvalidated
                ) {
                    gone.lock().unwrap_or_else(PoisonError::into_inner).get_or_insert(err.to_string());
                }
            },
            Some(Duration::from_secs(3)),
        )
    }
}

/// When each buffer's first sample was captured, by counting samples.
///
/// A host's latency figure jitters by tens of milliseconds from buffer to
/// buffer (a fresh PulseAudio's by 50 ms at a time), and the encoder, which
/// keeps audio on the recording's timeline, took each jump for a gap and
/// filled it with silence, then trimmed the overlap after it: the first
/// seconds came out choppy. A stream's samples are contiguous, so each
/// buffer follows the last; the measured time only pulls the count along
/// slowly (the device's clock and the system's drift apart) and takes over
/// when the two disagree by more than [`Stamps::RESYNC`] (samples were lost,
/// or the stream stalled).
#[derive(Debug)]
struct Stamps {
    rate: u32,
    channels: u16,
    /// When the next buffer's first sample was captured, by the count.
    next: Option<Instant>,
}

impl Stamps {
    const RESYNC: Duration = Duration::from_millis(150);
    /// The share of the difference between count and measurement corrected per buffer.
    const PULL: u32 = 32;

    fn new(rate: u32, channels: u16) -> Self {
        Self { rate: rate.max(1), channels: channels.max(1), next: None }
    }

    /// The capture time of a buffer of `len` interleaved samples whose
    /// first one the host says was captured at `measured`.
    fn stamp(&mut self, measured: Instant, len: usize) -> Instant {
        let at = match self.next {
            Some(counted) if counted.max(measured) - counted.min(measured) <= Self::RESYNC => {
                if measured > counted {
                    counted + (measured - counted) / Self::PULL
                } else {
                    counted - (counted - measured) / Self::PULL
                }
            }
            _ => measured,
        };
        let frames = (len / usize::from(self.channels)) as u64;
        self.next = Some(at + Duration::from_nanos(frames * 1_000_000_000 / u64::from(self.rate)));
        at
    }
}

/// A playing input stream; dropping it closes the device. cpal streams are
/// not `Send` on every platform, so it stays on the thread that opened it.
pub(crate) struct LiveStream {
    _stream: cpal::Stream,
    gone: Arc<Mutex<Option<String>>>,
    what: String,
}

impl LiveStream {
    /// Block until `stop` is set (`Ok`) or the device goes away (`Gone`).
    pub(crate) fn wait(&self, stop: &AtomicBool) -> Result<(), SourceError> {
        while !stop.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(20));
            if let Some(reason) = self.gone.lock().unwrap_or_else(PoisonError::into_inner).take() {
                return Err(SourceError::Gone { what: self.what.clone(), reason });
            }
        }
        Ok(())
    }
}

impl AudioSource for Microphone {
    fn describe(&self) -> String {
        self.name.clone()
    }

    fn format(&self) -> AudioFormat {
        AudioFormat { rate: self.config.sample_rate, channels: self.config.channels }
    }

    fn run(&mut self, sink: &AudioSink, stop: &AtomicBool) -> Result<(), SourceError> {
        let sink = sink.clone();
        self.stream(move |chunk| sink.push(chunk))?.wait(stop)
    }
}

/// The inputs cpal can see, default first.
pub(crate) fn list() -> Result<Vec<(String, bool)>, DeviceError> {
    let host = host();
    let default = host.default_input_device().map(|d| device_name(&d));
    let mut out: Vec<(String, bool)> = host
        .input_devices()
        .map_err(|e| DeviceError::Audio(e.to_string()))?
        .map(|d| {
            let n = device_name(&d);
            let is_default = default.as_deref() == Some(n.as_str());
            (n, is_default)
        })
        .collect();
    out.sort_by_key(|(_, d)| !*d);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn buffers_follow_each_other_whatever_the_host_says_within_reason() {
        let t0 = Instant::now();
        let mut stamps = Stamps::new(48_000, 2);
        // 50 ms buffers whose measured times jump by up to 50 ms either way.
        let jitter = [0, 50, -10, 40, 0, -30, 50, 0];
        let mut at = Vec::new();
        for (i, j) in jitter.into_iter().enumerate() {
            let measured = t0 + MS * (50 * i as u32) + MS * j.max(0) as u32 - MS * (-j).max(0) as u32;
            at.push(stamps.stamp(measured, 4_800));
        }
        for (i, w) in at.windows(2).enumerate() {
            let step = w[1] - w[0];
            assert!(step.abs_diff(50 * MS) <= 3 * MS, "buffer {i}: step {step:?}");
        }
    }

    #[test]
    fn a_real_gap_is_taken_from_the_host() {
        let t0 = Instant::now();
        let mut stamps = Stamps::new(48_000, 2);
        stamps.stamp(t0, 4_800);
        let after_gap = t0 + MS * 550;
        assert_eq!(stamps.stamp(after_gap, 4_800), after_gap, "half a second lost: the host's time wins");
    }
}
