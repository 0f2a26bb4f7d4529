//! Microphone capture: cpal finds the inputs and picks the format everywhere
//! (PulseAudio's native protocol on Linux when a server answers, else ALSA;
//! CoreAudio; WASAPI); a Pulse source is then read through libpulse
//! (`pulse.rs`), any other through cpal's stream.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use cpal::traits::{DeviceTrait, HostTrait, StreamTrait};
use cpal::{FromSample, Sample, SampleFormat, SizedSample};

use super::stamps::Stamps;
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
    /// The source's name on the PulseAudio server, when cpal found it there.
    #[cfg(target_os = "linux")]
    pulse_source: Option<String>,
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

#[cfg(target_os = "linux")]
fn host_is_pulse(host: &cpal::Host) -> bool {
    host.id() == cpal::HostId::PulseAudio
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
        let mut config: cpal::StreamConfig = chosen.config();
        if let cpal::SupportedBufferSize::Range { min, max } = chosen.buffer_size() {
            // ALSA: 20 ms periods (its default buffers ~370 ms and delivers
            // in bursts). A Pulse source is read by libpulse, in its own
            // fragments (`pulse.rs`).
            let want = config.sample_rate / 50;
            if (*min..=*max).contains(&want) {
                config.buffer_size = cpal::BufferSize::Fixed(want);
            }
        }
        #[cfg(target_os = "linux")]
        let pulse_source = host_is_pulse(&host).then(|| device.id().ok().map(|id| id.id().to_owned())).flatten();
        Ok(Self {
            device,
            config,
            sample_format,
            name,
            #[cfg(target_os = "linux")]
            pulse_source,
        })
    }

    /// Open and start the device's stream; every buffer reaches `deliver`
    /// as `f32` on the reader's thread (libpulse's or cpal's), stamped with
    /// when its first sample was captured. The one stream set-up shared by
    /// recording ([`AudioSource::run`]) and [`crate::MicMonitor`].
    pub(crate) fn stream(&self, deliver: impl FnMut(AudioChunk) + Send + 'static) -> Result<LiveStream, SourceError> {
        let events = Arc::new(Mutex::new(StreamEvents::default()));
        let what = format!("microphone {}", self.name);
        #[cfg(target_os = "linux")]
        if let Some(source) = &self.pulse_source {
            let (rate, channels) = (self.config.sample_rate, self.config.channels);
            return match super::pulse::Reader::start(source, rate, channels, deliver, events.clone()) {
                Ok(reader) => Ok(LiveStream { _stream: Capture::Pulse(reader), events, what }),
                Err(reason) => Err(SourceError::Open { what, reason }),
            };
        }
        let open_err = |e: cpal::Error| SourceError::Open { what: what.clone(), reason: e.to_string() };
        let stream = match self.sample_format {
            SampleFormat::I16 => self.build::<i16>(deliver, events.clone()),
            SampleFormat::I32 => self.build::<i32>(deliver, events.clone()),
            _ => self.build::<f32>(deliver, events.clone()),
        }
        .map_err(open_err)?;
        stream.play().map_err(open_err)?;
        Ok(LiveStream { _stream: Capture::Cpal(stream), events, what })
    }

    fn build<T>(
        &self,
        mut deliver: impl FnMut(AudioChunk) + Send + 'static,
        events: Arc<Mutex<StreamEvents>>,
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
                    events.lock().unwrap_or_else(PoisonError::into_inner).gone.get_or_insert(err.to_string());
                }
            },
            Some(Duration::from_secs(3)),
        )
    }
}

/// What reads the device: cpal's stream, or libpulse on its own thread.
#[allow(dead_code, reason = "held only to be dropped: that closes the device")]
enum Capture {
    Cpal(cpal::Stream),
    #[cfg(target_os = "linux")]
    Pulse(super::pulse::Reader),
}

/// What a reader's thread tells the thread that waits on the stream.
#[derive(Debug, Default)]
pub(crate) struct StreamEvents {
    /// The device went away and the stream ended (why).
    pub(crate) gone: Option<String>,
    /// The device went away and the sound server carried the stream over
    /// to another input (its name).
    pub(crate) moved_to: Option<String>,
}

/// A playing input stream; dropping it closes the device. cpal streams are
/// not `Send` on every platform, so it stays on the thread that opened it.
pub(crate) struct LiveStream {
    _stream: Capture,
    events: Arc<Mutex<StreamEvents>>,
    what: String,
}

impl LiveStream {
    /// Block until `stop` is set (`Ok`) or the device goes away (`Gone`);
    /// a device the server replaced with another input is told to `warn`.
    pub(crate) fn wait(&self, stop: &AtomicBool, warn: impl Fn(String)) -> Result<(), SourceError> {
        while !stop.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(20));
            let mut events = self.events.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(reason) = events.gone.take() {
                return Err(SourceError::Gone { what: self.what.clone(), reason });
            }
            if let Some(input) = events.moved_to.take() {
                warn(format!("{} went away; the recording went on from {input}", self.what));
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
        let pushed = sink.clone();
        self.stream(move |chunk| pushed.push(chunk))?.wait(stop, |warning| sink.warn(warning))
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
