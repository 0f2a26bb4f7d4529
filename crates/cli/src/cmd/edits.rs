//! `afterword clips trim|cut|split|edits|render`: an edit is saved as data
//! (what plays of the original; the file itself is never changed), then the
//! file that plays it is rendered before the command returns, so a link or a
//! publish made next serves the new cut. Times are typed as the clip plays
//! now, after earlier edits.

use afterword_editing::{Made, Settled};
use afterword_library::{Clip, ClipId, Edit, EditedFeedback, Library, Mapped, timecode};
use afterword_media::AudioCut;
use serde::Serialize;

use crate::{Refused, args::ClipsCmd, cmd::id, output::emit, progress::Bar};

pub fn run(lib: &mut Library, cmd: ClipsCmd, json: bool) -> anyhow::Result<()> {
    match cmd {
        ClipsCmd::Trim { clip, start, end } => {
            if start.is_none() && end.is_none() {
                return Err(Refused("a trim needs a new start, end or both; give --start, --end or both".into()).into());
            }
            let (start, end) = (time(start.as_deref())?, time(end.as_deref())?);
            let edit = lib.trim(id(&clip)?, start, end)?;
            let edited = Edited::settle(lib, edit, json)?;
            emit(json, &edited, |e| e.print("Trimmed"))
        }
        ClipsCmd::Cut { clip, from, to } => {
            let edit = lib.cut(id(&clip)?, timecode::parse_ms(&from)?, timecode::parse_ms(&to)?)?;
            let edited = Edited::settle(lib, edit, json)?;
            emit(json, &edited, |e| e.print("Cut"))
        }
        ClipsCmd::Split { clip, at } => {
            let (first, second) = lib.split(id(&clip)?, timecode::parse_ms(&at)?)?;
            for clip in [first.id, second.id] {
                render(lib, clip, json)?;
            }
            let (first, second) = (lib.clip(first.id)?, lib.clip(second.id)?);
            emit(json, &Split { first, second }, |s| {
                println!("Split in two; both play the same original file.");
                for c in [&s.first, &s.second] {
                    println!("  {}  {:>8}  {}", c.id, timecode::format_ms(c.duration_ms), c.title);
                }
            })
        }
        ClipsCmd::Edits { clip, reset } => {
            let clip: ClipId = id(&clip)?;
            if reset {
                lib.reset_edit(clip)?;
                render(lib, clip, json)?;
            }
            let feedback = lib.edited_feedback(clip)?;
            emit(json, &feedback, |f| show(f, reset))
        }
        ClipsCmd::Render { clip: Some(clip) } => {
            let settled = render(lib, id(&clip)?, json)?;
            emit(json, &Playback::from(&settled), |p| println!("{}", p.line()))
        }
        ClipsCmd::Render { clip: None } => {
            let bar = Bar::new(json);
            let done = afterword_editing::settle_waiting(lib, &mut |clip, f| bar.at(&rendering(clip), percent(f)))?;
            bar.done();
            let mut played = Vec::new();
            for (clip, settled) in done {
                played.push(settled.map_err(|e| anyhow::Error::from(e).context(format!("rendering clip {clip}")))?);
            }
            let played: Vec<Playback> = played.iter().map(Playback::from).collect();
            emit(json, &played, |p| match p.as_slice() {
                [] => println!("Every edited clip has its file."),
                p => p.iter().for_each(|p| println!("{}", p.line())),
            })
        }
        other => unreachable!("not an editing verb: {other:?}"),
    }
}

/// An edit and the file that plays it.
#[derive(Serialize)]
struct Edited {
    #[serde(flatten)]
    edit: Edit,
    playback: Playback,
}

impl Edited {
    fn settle(lib: &mut Library, edit: Edit, json: bool) -> anyhow::Result<Edited> {
        let settled = render(lib, edit.clip_id, json)?;
        Ok(Edited { edit, playback: Playback::from(&settled) })
    }

    fn print(&self, verb: &str) {
        println!("{verb}: {}", summary(&self.edit));
        println!("{}", self.playback.line());
    }
}

/// Which file plays a clip, and the render made for it now.
#[derive(Serialize)]
struct Playback {
    clip_id: ClipId,
    path: std::path::PathBuf,
    rendered: Option<Rendered>,
}

#[derive(Serialize)]
struct Rendered {
    revision: u64,
    duration_ms: u64,
    size_bytes: u64,
    frames_copied: u64,
    frames_reencoded: u64,
    /// "exact" (audio cut to the sample) or "packets" (AAC packets copied).
    audio: &'static str,
    took_ms: u128,
}

impl From<&Settled> for Playback {
    fn from(s: &Settled) -> Self {
        let rendered = s.made.as_ref().map(|m: &Made| Rendered {
            revision: m.revision,
            duration_ms: m.duration_ms,
            size_bytes: m.size_bytes,
            frames_copied: m.frames_copied,
            frames_reencoded: m.frames_reencoded,
            audio: match m.audio {
                AudioCut::Exact => "exact",
                AudioCut::Packets => "packets",
            },
            took_ms: m.took.as_millis(),
        });
        Playback { clip_id: s.clip_id, path: s.path.clone(), rendered }
    }
}

impl Playback {
    fn line(&self) -> String {
        match &self.rendered {
            Some(r) => format!(
                "Ready to share: rendered {} in {:.1} s ({} of {} frames re-encoded).",
                timecode::format_ms(r.duration_ms),
                r.took_ms as f64 / 1000.0,
                r.frames_reencoded,
                r.frames_copied + r.frames_reencoded
            ),
            None => format!("Ready to share: {} plays it.", self.path.display()),
        }
    }
}

/// Renders the clip's current edit (if it needs one), with a bar on a terminal.
pub(crate) fn render(lib: &mut Library, clip: ClipId, json: bool) -> anyhow::Result<Settled> {
    let bar = Bar::new(json);
    let settled = afterword_editing::settle(lib, clip, &mut |f| bar.at(&rendering(clip), percent(f)));
    bar.done();
    Ok(settled?)
}

fn rendering(clip: ClipId) -> String {
    format!("Rendering {clip}")
}

fn percent(fraction: f32) -> u8 {
    (fraction.clamp(0.0, 1.0) * 100.0).round() as u8
}

#[derive(Serialize)]
struct Split {
    first: Clip,
    second: Clip,
}

fn time(given: Option<&str>) -> anyhow::Result<Option<u64>> {
    Ok(given.map(timecode::parse_ms).transpose()?)
}

/// "plays 0:40 of 1:00 (kept 0:05–0:15, 0:25–0:55)"
fn summary(edit: &Edit) -> String {
    let ms = timecode::format_ms;
    let part = edit.part;
    if edit.is_whole() && part.start_ms == 0 && part.end_ms == edit.media_duration_ms {
        return format!("plays all {} of the original", ms(edit.media_duration_ms));
    }
    if edit.is_whole() {
        let (start, end) = (ms(part.start_ms), ms(part.end_ms));
        return format!("plays {}, all of its side of a split ({start}–{end} of the original)", ms(part.len_ms()));
    }
    let kept: Vec<_> = edit.kept.iter().map(|r| format!("{}–{}", ms(r.start_ms), ms(r.end_ms))).collect();
    format!(
        "plays {} of {} (kept {} of the original)",
        ms(edit.duration_ms()),
        ms(edit.media_duration_ms),
        kept.join(", ")
    )
}

fn show(f: &EditedFeedback, reset: bool) {
    if reset {
        println!("Reset: the whole original plays again.");
    }
    println!("{} (revision {})", capitalised(&summary(&f.edit)), f.edit.revision);
    if !f.comments.is_empty() {
        println!("Comments");
        for m in &f.comments {
            let c = &m.item;
            let reply = if c.parent_id.is_some() { "↳ " } else { "" };
            println!("  {reply}[{}] {}: {}  ({})", place(m, c.at_ms), c.author_name, c.body, c.id);
        }
    }
    if !f.reactions.is_empty() {
        println!("Reactions");
        for m in &f.reactions {
            println!("  [{}] {}", place(m, m.item.at_ms), m.item.emoji);
        }
    }
    if !f.transcript.is_empty() {
        println!("Transcript");
        for m in &f.transcript {
            println!("  [{}] {}", place(m, m.item.start_ms), m.item.text);
        }
    }
}

/// Where something plays now, or that it is in a removed part (with its
/// original moment, to find it in the file).
fn place<T>(m: &Mapped<T>, original_ms: u64) -> String {
    let ms = timecode::format_ms;
    match (m.edited_at_ms, m.edited_end_ms) {
        (Some(at), Some(end)) => format!("{}–{}", ms(at), ms(end)),
        (Some(at), None) => ms(at),
        _ => format!("in a removed part, originally {}", ms(original_ms)),
    }
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
