//! [`Whisper`]: whisper.cpp on a ggml model file.

use std::path::Path;
use std::sync::{Mutex, Once, PoisonError};

use whisper_rs::{FullParams, SamplingStrategy, WhisperContext, WhisperContextParameters};

use crate::{
    Cancel, Error, Result,
    engine::{Engine, Language, Options, Progress, Segment, Transcript},
};

/// One whisper.cpp run at a time in a process: the threads it is given are
/// then all it takes, and [`abort_requested`] knows which run it asks about.
static ONE_RUN: Mutex<()> = Mutex::new(());
/// The running run's stop flag.
static RUN: Mutex<Option<Cancel>> = Mutex::new(None);

/// whisper.cpp's abort callback. whisper-rs's safe setter hands the C side a
/// pointer to a boxed closure but reads it back as the closure itself, which
/// is only sound for a closure that holds nothing: so this one holds nothing
/// and finds the run's [`Cancel`] in [`RUN`]. (`unsafe` is denied here, so
/// the raw setter is not an option.)
fn abort_requested() -> bool {
    RUN.lock().unwrap_or_else(PoisonError::into_inner).as_ref().is_some_and(Cancel::is_cancelled)
}

/// Only a closure of size zero can be given to `set_abort_callback_safe`
/// (see [`abort_requested`]); this refuses any other at compile time.
fn stateless<F: FnMut() -> bool + 'static>(f: F) -> F {
    const { assert!(size_of::<F>() == 0, "the abort callback must capture nothing") };
    f
}

/// A window whose no-speech probability is above this, and whose text the
/// decoder was not confident of, is silence or noise: Whisper is known to
/// invent text there ("Thank you.", "you"), so it is dropped.
const NO_SPEECH: f32 = 0.6;

/// Below this token entropy a window counts as repeating itself and is
/// decoded again at a higher temperature.
const ENTROPY: f32 = 2.8;

/// A loaded Whisper model.
pub struct Whisper {
    context: WhisperContext,
    multilingual: bool,
}

impl std::fmt::Debug for Whisper {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Whisper").field("multilingual", &self.multilingual).finish_non_exhaustive()
    }
}

impl Whisper {
    /// Loads a ggml model (whisper.cpp's format). A file that is not one is
    /// refused here, not at the first transcription.
    pub fn load(path: &Path) -> Result<Whisper> {
        static LOGS: Once = Once::new();
        // whisper.cpp's own logging goes to `tracing` instead of stderr.
        LOGS.call_once(whisper_rs::install_logging_hooks);
        let model = |reason: String| Error::Model { path: path.display().to_string(), reason };
        if !path.is_file() {
            return Err(model("no such file".into()));
        }
        let context = WhisperContext::new_with_params(path, WhisperContextParameters::default())
            .map_err(|e| model(format!("whisper.cpp cannot load it ({e})")))?;
        let multilingual = context.is_multilingual();
        Ok(Whisper { context, multilingual })
    }

    pub fn is_multilingual(&self) -> bool {
        self.multilingual
    }
}

impl Engine for Whisper {
    fn transcribe(&self, samples: &[f32], options: &Options, progress: Progress) -> Result<Transcript> {
        let language = match (&options.language, self.multilingual) {
            (Language::Code(code), false) if code != "en" => {
                return Err(Error::EnglishOnly { language: code.clone() });
            }
            (_, false) => "en".to_owned(),
            (Language::Code(code), true) => code.clone(),
            (Language::Detect, true) => "auto".to_owned(),
        };
        let mut params = FullParams::new(SamplingStrategy::Greedy { best_of: 1 });
        params.set_n_threads(i32::try_from(options.threads.max(1)).unwrap_or(1));
        params.set_language(Some(&language));
        params.set_no_speech_thold(NO_SPEECH);
        params.set_suppress_blank(true);
        // whisper.cpp decodes a window again, hotter, when its tokens'
        // entropy falls below this: a phrase repeating itself. Its default
        // (2.4) let repetition loops through (35% word errors on ten minutes
        // of speech, 2,087 words heard for 1,800 said); 2.8 catches them
        // (12.5%, 1,866 words) at no measurable cost in time. See the README.
        params.set_entropy_thold(ENTROPY);
        params.set_print_progress(false);
        params.set_print_realtime(false);
        params.set_print_timestamps(false);
        params.set_print_special(false);
        params.set_progress_callback_safe(move |pct: i32| progress(u8::try_from(pct.clamp(0, 100)).unwrap_or(100)));
        params.set_abort_callback_safe(stateless(abort_requested));
        let engine = |e: whisper_rs::WhisperError| Error::Engine(e.to_string());
        let mut state = self.context.create_state().map_err(engine)?;
        let one_run = ONE_RUN.lock().unwrap_or_else(PoisonError::into_inner);
        *RUN.lock().unwrap_or_else(PoisonError::into_inner) = Some(options.cancel.clone());
        let ran = if options.cancel.is_cancelled() { Ok(()) } else { state.full(params, samples).map(drop) };
        RUN.lock().unwrap_or_else(PoisonError::into_inner).take();
        drop(one_run);
        if options.cancel.is_cancelled() {
            return Err(Error::Cancelled);
        }
        ran.map_err(engine)?;
        let detected = whisper_rs::get_lang_str(state.full_lang_id_from_state()).unwrap_or("en").to_owned();
        let mut segments: Vec<Segment> = state
            .as_iter()
            .filter(|s| s.no_speech_probability() <= NO_SPEECH)
            .filter_map(|s| {
                let text = s.to_str_lossy().ok()?.trim().to_owned();
                let ms = |cs: i64| u64::try_from(cs.max(0)).unwrap_or(0) * 10;
                (!text.is_empty()).then(|| Segment {
                    start_ms: ms(s.start_timestamp()),
                    end_ms: ms(s.end_timestamp()),
                    text,
                })
            })
            .collect();
        crate::onset::refine_starts(samples, &mut segments);
        Ok(Transcript { language: if language == "auto" { detected } else { language }, segments })
    }
}
