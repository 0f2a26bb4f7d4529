//! `afterword clips list|show|rename|tag|delete`; the editing verbs are in `edits.rs`.

use std::io::{BufRead, IsTerminal, Write};

use afterword_library::{ClipId, ClipQuery, Library, TagKind, timecode::format_ms};

use crate::{
    Refused,
    args::ClipsCmd,
    cmd::id,
    output::{self, emit},
};

pub fn run(lib: &mut Library, cmd: ClipsCmd, json: bool) -> anyhow::Result<()> {
    match cmd {
        ClipsCmd::List { limit, tag, folder } => {
            let clips = lib.clips(&ClipQuery { limit, tag, folder, ..Default::default() })?;
            emit(json, &clips, |clips| {
                if clips.is_empty() {
                    println!("No clips yet. Record one with `afterword record`.");
                }
                for c in clips {
                    println!("{}", output::clip_line(c));
                }
            })
        }
        ClipsCmd::Show { clip } => {
            let clip = lib.clip(id(&clip)?)?;
            let path = lib.resolve(&clip.media_path);
            emit(json, &clip, |c| {
                println!("{}", c.title);
                println!("  id        {}", c.id);
                println!("  recorded  {}", output::when(c.created_at));
                if c.duration_ms == c.media_duration_ms {
                    println!("  duration  {}", format_ms(c.duration_ms));
                } else {
                    println!(
                        "  duration  {} (edited; the original is {})",
                        format_ms(c.duration_ms),
                        format_ms(c.media_duration_ms)
                    );
                }
                if let (Some(w), Some(h)) = (c.width, c.height) {
                    println!("  size      {w}×{h}, {}", output::size(c.size_bytes));
                }
                println!("  status    {}", c.status.as_str());
                println!("  file      {}", path.display());
                if !c.tags.is_empty() {
                    println!("  tags      {}", c.tags.join(", "));
                }
            })
        }
        ClipsCmd::Move { clip, folder } => {
            let clip: ClipId = id(&clip)?;
            let folder = lib.move_to_folder(TagKind::Clip, &clip.to_string(), &folder)?;
            emit(json, &folder, |f| println!("Filed {clip} in {}.", if f.is_empty() { "the top level" } else { f }))
        }
        ClipsCmd::Rename { clip, title } => {
            let clip = lib.rename_clip(id(&clip)?, &title)?;
            emit(json, &clip, |c| println!("Renamed {} to “{}”.", c.id, c.title))
        }
        ClipsCmd::Tag(t) => {
            let clip: ClipId = id(&t.id)?;
            let tags = lib.retag(TagKind::Clip, &clip.to_string(), &t.tags, &t.remove)?;
            emit(json, &tags, |tags| {
                println!("Tags on {clip}: {}", if tags.is_empty() { "none".into() } else { tags.join(", ") })
            })
        }
        ClipsCmd::Delete { clip, yes } => {
            let clip = lib.clip(id(&clip)?)?;
            if !yes
                && !confirm(&format!(
                    "Delete “{}” ({}) and its comments and links?",
                    clip.title,
                    output::size(clip.size_bytes)
                ))?
            {
                println!("Kept “{}”.", clip.title);
                return Ok(());
            }
            let clip = lib.delete_clip(clip.id)?;
            emit(json, &clip, |c| println!("Deleted “{}”.", c.title))
        }
        edit => crate::cmd::edits::run(lib, edit, json),
    }
}

/// Asks on the terminal; without one, refuses rather than guessing.
fn confirm(question: &str) -> anyhow::Result<bool> {
    if !std::io::stdin().is_terminal() {
        return Err(Refused("not deleting without confirmation: no terminal to ask on; pass --yes".into()).into());
    }
    eprint!("{question} [y/N] ");
    std::io::stderr().flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    Ok(matches!(answer.trim(), "y" | "Y" | "yes"))
}
