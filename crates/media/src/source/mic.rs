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

impl Microphone {
    /// Find the input and pick 48 kHz (so nothing needs resampling) with
    /// 10 ms buffers when the device allows it.
    pub fn open(choice: &MicrophoneChoice) -> Result<Self, DeviceError> {
        let host = cpal::default_host();
        let device = match choice {
            MicrophoneChoice::Default => host.default_input_device().ok_or(DeviceError::NoMicrophone)?,
            MicrophoneChoice::Named(name) => host
                .input_devices()
                .map_err(|e| DeviceError::Audio(e.to_string()))?
                .find(|d| device_name(d) == *name || d.id().is_ok_and(|id| id.id() == name))
                .ok_or_else(|| DeviceError::UnknownMicrophone { name: name.clone() })?,
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
            let want = config.sample_rate / 100;
            if (*min..=*max).contains(&want) {
                config.buffer_size = cpal::BufferSize::Fixed(want);
            }
        }
        Ok(Self { device, config, sample_format, name })
    }

    fn build<T>(&self, sink: AudioSink, gone: Arc<Mutex<Option<String>>>) -> Result<cpal::Stream, cpal::Error>
    where
        T: SizedSample,
        f32: FromSample<T>,
    {
        let rate = u64::from(self.config.sample_rate.max(1));
        let channels = u64::from(self.config.channels.max(1));
        self.device.build_input_stream(
            self.config,
            move |data: &[T], info: &cpal::InputCallbackInfo| {
                let ts = info.timestamp();
                let latency = ts.callback.saturating_duration_since(ts.capture);
                let len = Duration::from_nanos(data.len() as u64 / channels * 1_000_000_000 / rate);
                // `capture` marks the newest sample; the chunk started `len` earlier.
                let captured = Instant::now().checked_sub(latency + len).unwrap_or_else(Instant::now);
                let samples = data.iter().map(|s| f32::from_sample(*s)).collect();
                sink.push(AudioChunk { samples, captured });
            },
            move |err: cpal::Error| {
                tracing::warn!(error = %err, "microphone stream error");
                if matches!(err.kind(), cpal::ErrorKind::DeviceNotAvailable | cpal::ErrorKind::HostUnavailable) {
                    gone.lock().unwrap_or_else(PoisonError::into_inner).get_or_insert(err.to_string());
                }
            },
            Some(Duration::from_secs(3)),
        )
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
        let gone = Arc::new(Mutex::new(None));
        let open_err =
            |e: cpal::Error| SourceError::Open { what: format!("microphone {}", self.name), reason: e.to_string() };
        let stream = match self.sample_format {
            SampleFormat::I16 => self.build::<i16>(sink.clone(), gone.clone()),
            SampleFormat::I32 => self.build::<i32>(sink.clone(), gone.clone()),
            _ => self.build::<f32>(sink.clone(), gone.clone()),
        }
        .map_err(open_err)?;
        stream.play().map_err(open_err)?;
        while !stop.load(Ordering::Relaxed) {
            std::thread::sleep(Duration::from_millis(20));
            if let Some(reason) = gone.lock().unwrap_or_else(PoisonError::into_inner).take() {
                return Err(SourceError::Gone { what: format!("microphone {}", self.name), reason });
            }
        }
        Ok(())
    }
}

/// The inputs cpal can see, default first.
pub(crate) fn list() -> Result<Vec<(String, bool)>, DeviceError> {
    let host = cpal::default_host();
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
