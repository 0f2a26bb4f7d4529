//! `afterword docs new|list|show|edit|attach|tag`.

use afterword_library::{DocumentId, Library, TagKind, timecode::format_ms};

use crate::{
    args::DocsCmd,
    cmd::{id, read_body},
    output::{self, emit},
};

pub fn run(lib: &mut Library, cmd: DocsCmd, json: bool) -> anyhow::Result<()> {
    match cmd {
        DocsCmd::New { title, body } => {
            let text = read_body(body.body, body.file.as_deref())?.unwrap_or_default();
            let doc = lib.new_document(&title, &text)?;
            emit(json, &doc, |d| println!("{}  {}", d.id, d.title))
        }
        DocsCmd::List { limit } => {
            let docs = lib.documents(limit)?;
            emit(json, &docs, |docs| {
                if docs.is_empty() {
                    println!("No documents yet. Start one with `afterword docs new TITLE`.");
                }
                for d in docs {
                    println!(
                        "{}  {}  {} ({} clips)",
                        d.id,
                        output::when(d.updated_at),
                        d.title,
                        d.clips.len()
                    );
                }
            })
        }
        DocsCmd::Show { doc } => {
            let doc = lib.document(id(&doc)?)?;
            emit(json, &doc, |d| {
                println!("# {}\n", d.title);
                if !d.body.is_empty() {
                    println!("{}\n", d.body.trim_end());
                }
                for c in &d.clips {
                    println!(
                        "  {}. ▶ {} ({})  {}",
                        c.position + 1,
                        c.title,
                        format_ms(c.duration_ms),
                        c.clip_id
                    );
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
        DocsCmd::Attach {
            doc,
            clip,
            position,
        } => {
            let doc = lib.attach_clip(id(&doc)?, id(&clip)?, position)?;
            emit(json, &doc, |d| {
                println!("“{}” now has {} clip(s).", d.title, d.clips.len())
            })
        }
        DocsCmd::Tag(t) => {
            let doc: DocumentId = id(&t.id)?;
            let tags = lib.retag(TagKind::Document, &doc.to_string(), &t.tags, &t.remove)?;
            emit(json, &tags, |tags| {
                println!("Tags on {doc}: {}", tags.join(", "))
            })
        }
    }
}
