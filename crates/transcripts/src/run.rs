//! A transcription, from claim to filed segments. The engine runs on its own
//! named thread while the caller's thread files progress in the library (so
//! other processes see it, and a stopped run is noticed), and a [`Cancel`]
//! hands the transcript back unfinished.

use std::{path::PathBuf, sync::mpsc};

use afterword_library::{Claim, ClipId, Library, NewSegment, Transcript, TranscriptRequest};
use afterword_transcribe::{Cancel, Engine, Language, Options, Whisper, decode_speech};

use crate::{
    error::{Error, Result},
    models::{Model, Models},
};

/// One clip [`Transcriber::next`] ran: its transcript as filed (done, no
/// speech or failed), or `None` when the clip was deleted meanwhile.
#[derive(Debug, Clone, PartialEq)]
pub struct Ran {
    pub clip_id: ClipId,
    pub transcript: Option<Transcript>,
}

/// Runs transcriptions, keeping the last model loaded (loading base takes
/// about half a second; a queue of clips loads it once).
#[derive(Default)]
pub struct Transcriber {
    loaded: Option<(PathBuf, Whisper)>,
    /// CPU threads for the engine; `None` is the engine's default (half the cores).
    pub threads: Option<usize>,
}

impl std::fmt::Debug for Transcriber {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transcriber").field("loaded", &self.loaded.as_ref().map(|(p, _)| p)).finish()
    }
}

impl Transcriber {
    pub fn new() -> Self {
        Transcriber::default()
    }

    /// Transcribes one clip now, as a person asked: the model and the clip's
    /// audio are checked before anything is written (no model, no audio
    /// track: an error and no change), then it is queued and run.
    pub fn now(
        &mut self,
        lib: &mut Library,
        clip_id: ClipId,
        request: &TranscriptRequest,
        cancel: &Cancel,
        progress: &mut dyn FnMut(u8),
    ) -> Result<Transcript> {
        let clip = lib.clip(clip_id)?;
        let model = Models::of(lib).choose(lib, request.model.as_deref())?;
        if let Some(language) = &request.language
            && let Some(code) = afterword_library::language_code(language)?
            && code != "en"
            && !model.multilingual
        {
            return Err(afterword_transcribe::Error::EnglishOnly { language: code }.into());
        }
        let samples = decode_speech(&lib.resolve(&clip.media_path))?;
        lib.queue_transcript(clip_id, request)?;
        let Some(claim) = lib.claim_transcript(clip_id)? else {
            // Another process took it between the two statements; it will file it.
            return lib
                .transcript(clip_id)?
                .ok_or(Error::Library(afterword_library::Error::NoTranscript { clip: clip_id.to_string() }));
        };
        self.run_claimed(lib, &claim, model, samples, cancel, progress)
    }

    /// Runs every waiting transcript (pending, or left `running` by a run
    /// that stopped), oldest first, until none is left or `cancel` is set.
    /// A clip that fails is filed as failed and the next one runs.
    pub fn waiting(
        &mut self,
        lib: &mut Library,
        cancel: &Cancel,
        progress: &mut dyn FnMut(ClipId, u8),
    ) -> Result<Vec<Transcript>> {
        let mut finished = Vec::new();
        while !cancel.is_cancelled() {
            match self.next(lib, cancel, progress) {
                Ok(Some(ran)) => finished.extend(ran.transcript),
                Ok(None) | Err(Error::Engine(afterword_transcribe::Error::Cancelled)) => break,
                Err(e) => return Err(e),
            }
        }
        Ok(finished)
    }

    /// Runs the oldest waiting transcript, if one waits (`None` when none
    /// does): one step of [`Transcriber::waiting`], for a worker that decides
    /// between clips (the app gives the engine fewer threads while a
    /// recording runs). `progress` hears 0 as soon as the clip is claimed. A
    /// clip that fails is filed as failed and comes back as such; a cancel
    /// hands it back pending and is an error.
    pub fn next(
        &mut self,
        lib: &mut Library,
        cancel: &Cancel,
        progress: &mut dyn FnMut(ClipId, u8),
    ) -> Result<Option<Ran>> {
        let Some(claim) = lib.transcripts_waiting()?.into_iter().find_map(|id| lib.claim_transcript(id).transpose())
        else {
            return Ok(None);
        };
        let claim = claim?;
        let clip_id = claim.clip_id;
        progress(clip_id, 0);
        match self.run(lib, &claim, cancel, &mut |pct| progress(clip_id, pct)) {
            Ok(t) => Ok(Some(Ran { clip_id, transcript: Some(t) })),
            Err(e @ Error::Engine(afterword_transcribe::Error::Cancelled)) => Err(e),
            Err(Error::Library(e)) if !e.is_user_error() => Err(Error::Library(e)),
            Err(e) => {
                tracing::warn!(%clip_id, "transcription failed: {e}");
                Ok(Some(Ran { clip_id, transcript: lib.transcript(clip_id).ok().flatten() }))
            }
        }
    }

    /// Runs a claimed transcript; a failure is filed as such (and returned),
    /// a cancel hands it back pending.
    pub fn run(
        &mut self,
        lib: &mut Library,
        claim: &Claim,
        cancel: &Cancel,
        progress: &mut dyn FnMut(u8),
    ) -> Result<Transcript> {
        let prepared = Models::of(lib)
            .choose(lib, claim.model.as_deref())
            .and_then(|model| Ok((model, decode_speech(&lib.resolve(&claim.media_path))?)));
        match prepared {
            Ok((model, samples)) => self.run_claimed(lib, claim, model, samples, cancel, progress),
            Err(e) => {
                lib.fail_transcript(claim.clip_id, &e.to_string())?;
                Err(e)
            }
        }
    }

    fn run_claimed(
        &mut self,
        lib: &mut Library,
        claim: &Claim,
        model: Model,
        samples: Vec<f32>,
        cancel: &Cancel,
        progress: &mut dyn FnMut(u8),
    ) -> Result<Transcript> {
        let options = Options {
            language: claim.language.clone().map_or(Language::Detect, Language::Code),
            threads: self.threads.unwrap_or_else(|| Options::default().threads),
            cancel: cancel.clone(),
        };
        let heard = self
            .engine(&model)
            .and_then(|engine| transcribe_reporting(engine, &samples, &options, lib, claim.clip_id, progress));
        match heard {
            Ok(heard) => {
                let segments: Vec<NewSegment> = heard
                    .segments
                    .into_iter()
                    .map(|s| NewSegment { start_ms: s.start_ms, end_ms: s.end_ms, text: s.text })
                    .collect();
                Ok(lib.finish_transcript(claim.clip_id, &heard.language, &model.name, &segments)?)
            }
            Err(Error::Engine(afterword_transcribe::Error::Cancelled)) => {
                lib.release_transcript(claim.clip_id)?;
                Err(afterword_transcribe::Error::Cancelled.into())
            }
            Err(e) => {
                lib.fail_transcript(claim.clip_id, &e.to_string())?;
                Err(e)
            }
        }
    }

    /// The loaded engine for `model`, loading it if another (or none) is.
    fn engine(&mut self, model: &Model) -> Result<&Whisper> {
        if self.loaded.as_ref().is_none_or(|(path, _)| *path != model.path) {
            self.loaded = None;
            self.loaded = Some((model.path.clone(), Whisper::load(&model.path)?));
        }
        Ok(self.loaded.as_ref().map(|(_, w)| w).expect("just loaded"))
    }
}

/// Runs the engine on a thread of its own, filing its progress from this one.
fn transcribe_reporting(
    engine: &Whisper,
    samples: &[f32],
    options: &Options,
    lib: &mut Library,
    clip_id: ClipId,
    progress: &mut dyn FnMut(u8),
) -> Result<afterword_transcribe::Transcript> {
    let (tx, rx) = mpsc::channel::<u8>();
    std::thread::scope(|scope| {
        let run = std::thread::Builder::new()
            .name("transcribe-engine".into())
            .spawn_scoped(scope, move || {
                let tx = std::sync::Mutex::new(tx);
                let report: afterword_transcribe::Progress = std::sync::Arc::new(move |pct| {
                    let _ = tx.lock().map(|tx| tx.send(pct));
                });
                engine.transcribe(samples, options, report)
            })
            .map_err(|source| Error::Io { path: PathBuf::from("transcribe-engine thread"), source })?;
        // whisper-rs keeps the progress closure (and so the sender) past the
        // run, so the end is the engine's thread finishing, not the channel.
        let mut report = |pct: u8| {
            progress(pct);
            if let Err(e) = lib.transcript_progress(clip_id, pct) {
                tracing::warn!(%clip_id, "cannot file transcription progress: {e}");
            }
        };
        loop {
            match rx.recv_timeout(std::time::Duration::from_millis(100)) {
                Ok(pct) => report(pct),
                Err(mpsc::RecvTimeoutError::Timeout) if !run.is_finished() => {}
                Err(_) => break,
            }
        }
        rx.try_iter().for_each(&mut report);
        run.join()
            .unwrap_or_else(|_| Err(afterword_transcribe::Error::Engine("the engine panicked".into())))
            .map_err(Error::from)
    })
}
