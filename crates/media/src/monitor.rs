//! Listening to a microphone without recording: the live level and the
//! no-sound warning a person checks *before* pressing Start (is the right mic
//! picked, is it muted?). Nothing is encoded or written.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::thread::JoinHandle;
use std::time::Instant;

use crate::devices::DeviceError;
use crate::level::{Level, LevelMeter};
use crate::source::mic::{Microphone, MicrophoneChoice};
use crate::source::{AudioSource, SourceError};

/// An open microphone feeding a [`LevelMeter`]. The device stays open on a
/// thread named `mic-monitor` (cpal streams may not move between threads)
/// until the monitor is dropped.
///
/// Hand the device back before recording from it: some inputs (ALSA `hw:`
/// devices) take one client at a time.
///
/// ```no_run
/// # fn main() -> Result<(), afterword_media::DeviceError> {
/// use afterword_media::{MicMonitor, MicrophoneChoice};
/// let monitor = MicMonitor::open(&MicrophoneChoice::Default)?;
/// std::thread::sleep(std::time::Duration::from_millis(200));
/// let level = monitor.level(); // rms/peak in 0..=1, `silent` after 3 s of nothing
/// # let _ = level; Ok(()) }
/// ```
pub struct MicMonitor {
    name: String,
    meter: LevelMeter,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for MicMonitor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MicMonitor").field("name", &self.name).field("level", &self.level()).finish()
    }
}

impl MicMonitor {
    /// Open `choice` and start metering. Returns once the device's stream
    /// plays, or with the reason it could not be opened.
    pub fn open(choice: &MicrophoneChoice) -> Result<Self, DeviceError> {
        let mic = Microphone::open(choice)?;
        let name = mic.describe();
        let format = mic.format();
        let meter = LevelMeter::default();
        // Silence counts from now: a device that delivers nothing is warned about too.
        meter.expect_sound_from(Instant::now());
        let stop = Arc::new(AtomicBool::new(false));
        let (opened_tx, opened) = mpsc::channel();
        let (m, st, span_name) = (meter.clone(), stop.clone(), name.clone());
        let thread = std::thread::Builder::new()
            .name("mic-monitor".to_owned())
            .spawn(move || {
                let _span = tracing::info_span!("mic-monitor", mic = %span_name).entered();
                let live = match mic.stream(move |chunk| m.feed(&chunk.samples, format)) {
                    Ok(live) => live,
                    Err(e) => {
                        let _ = opened_tx.send(Err(e));
                        return;
                    }
                };
                let _ = opened_tx.send(Ok(()));
                // A device that goes away ends the stream; the meter then
                // reads zero and, 3 s later, silent. One the sound server
                // replaces with another input: the meter follows that.
                if let Err(e) = live.wait(&st, |note| tracing::info!("{note}")) {
                    tracing::warn!(error = %e, "microphone monitor ended");
                }
            })
            .map_err(|e| DeviceError::Open { what: "the microphone monitor's thread".into(), reason: e.to_string() })?;
        let failed = |reason: String| DeviceError::Open { what: format!("microphone {name}"), reason };
        let result = match opened.recv() {
            Ok(Ok(())) => Ok(()),
            Ok(Err(SourceError::Open { reason, .. })) => Err(failed(reason)),
            Ok(Err(e)) => Err(failed(e.to_string())),
            Err(_) => Err(failed("its thread ended before the stream started".into())),
        };
        let monitor = Self { name, meter, stop, thread: Some(thread) };
        result.map(|()| monitor)
    }

    /// The device's name, as `afterword devices` lists it.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The latest level: RMS and peak (linear, 0..=1) and whether the input
    /// has been digitally silent for 3 s.
    pub fn level(&self) -> Level {
        self.meter.level()
    }
}

impl Drop for MicMonitor {
    /// Closes the device (the stream is dropped on its thread) before returning.
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
