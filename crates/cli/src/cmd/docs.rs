//! `afterword docs new|list|show|edit|attach|tag`.

use afterword_library::{ClipId, DocumentId, Library, TagKind, embedded_clips, timecode::format_ms};

use crate::{
    args::DocsCmd,
    cmd::{id, read_body},
    output::{self, emit},
};

pub fn run(lib: &mut Library, cmd: DocsCmd, json: bool) -> anyhow::Result<()> {
    match cmd {
        DocsCmd::New { title, body, template } => {
            let text = match template {
                Some(t) => t.body().to_owned(),
                None => read_body(body.body, body.file.as_deref())?.unwrap_or_default(),
            };
            let doc = lib.new_document(&title, &text)?;
            emit(json, &doc, |d| println!("{}  {}", d.id, d.title))
        }
        DocsCmd::List { limit, folder } => {
            let docs = lib.documents(folder.as_deref(), limit)?;
            emit(json, &docs, |docs| {
                if docs.is_empty() {
                    println!("No documents yet. Start one with `afterword docs new TITLE`.");
                }
                for d in docs {
                    println!("{}  {}  {} ({} clips)", d.id, output::when(d.updated_at), d.title, d.clips.len());
                }
            })
        }
        DocsCmd::Show { doc } => {
            let doc = lib.document(id(&doc)?)?;
            emit(json, &doc, |d| {
                println!("# {}\n", d.title);
                for line in d.body.trim_end().lines() {
                    println!("{}", render_embed(lib, line));
                }
                if !d.body.is_empty() {
                    println!();
                }
                for c in &d.clips {
                    println!("  {}. ▶ {} ({})  {}", c.position + 1, c.title, format_ms(c.duration_ms), c.clip_id);
                }
                if !d.tags.is_empty() {
                    println!("\ntags: {}", d.tags.join(", "));
                }
            })
        }
        DocsCmd::Edit { doc, title, body } => {
            let text = read_body(body.body, body.file.as_deref())?;
            let doc = lib.edit_document(id(&doc)?, title.as_deref(), text.as_deref())?;
            emit(json, &doc, |d| println!("Saved “{}”.", d.title))
        }
        DocsCmd::Move { doc, folder } => {
            let doc: DocumentId = id(&doc)?;
            let folder = lib.move_to_folder(TagKind::Document, &doc.to_string(), &folder)?;
            emit(json, &folder, |f| println!("Filed {doc} in {}.", if f.is_empty() { "the top level" } else { f }))
        }
        DocsCmd::Attach { doc, clip, position, inline } => {
            let (doc, clip): (DocumentId, ClipId) = (id(&doc)?, id(&clip)?);
            let doc = if inline { lib.embed_clip(doc, clip, position)? } else { lib.attach_clip(doc, clip, position)? };
            emit(json, &doc, |d| println!("“{}” now has {} clip(s).", d.title, d.clips.len()))
        }
        DocsCmd::Tag(t) => {
            let doc: DocumentId = id(&t.id)?;
            let tags = lib.retag(TagKind::Document, &doc.to_string(), &t.tags, &t.remove)?;
            emit(json, &tags, |tags| println!("Tags on {doc}: {}", tags.join(", ")))
        }
    }
}

/// A line that embeds a clip shows as a player would be labelled.
fn render_embed(lib: &Library, line: &str) -> String {
    match embedded_clips(line).first().map(|id| lib.clip(*id)) {
        Some(Ok(c)) => format!("  ▶ {} ({})  {}", c.title, format_ms(c.duration_ms), c.id),
        Some(Err(_)) => "  ▶ (a clip that is no longer in the library)".to_owned(),
        None => line.to_owned(),
    }
}
