//! `afterword comment add|list|resolve|edit|delete` and `afterword react`.

use afterword_library::{ClipId, CommentId, Library, NewComment, timecode};

use crate::{
    args::CommentCmd,
    cmd::id,
    output::{self, emit},
};

pub fn run(lib: &mut Library, cmd: CommentCmd, json: bool) -> anyhow::Result<()> {
    match cmd {
        CommentCmd::Add { clip, at, to, reply_to, text } => {
            let new = NewComment {
                clip_id: Some(id::<ClipId>(&clip)?),
                at_ms: at.as_deref().map(timecode::parse_ms).transpose()?,
                end_ms: to.as_deref().map(timecode::parse_ms).transpose()?,
                parent_id: reply_to.as_deref().map(id::<CommentId>).transpose()?,
                author: None,
                body: text.join(" "),
            };
            let comment = lib.add_comment(new)?;
            emit(json, &comment, |c| println!("{}", output::comment_line(c, c.parent_id.is_some())))
        }
        CommentCmd::List { clip } => {
            let clip: ClipId = id(&clip)?;
            let comments = lib.comments(clip)?;
            emit(json, &comments, |cs| {
                if cs.is_empty() {
                    println!("No comments on this clip yet.");
                }
                output::comment_tree(cs);
            })
        }
        CommentCmd::Resolve { comment, reopen } => {
            let c = lib.resolve_comment(id(&comment)?, !reopen)?;
            emit(json, &c, |c| println!("{}", output::comment_line(c, false)))
        }
        CommentCmd::Edit { comment, text } => {
            let c = lib.edit_comment(id(&comment)?, &text.join(" "))?;
            emit(json, &c, |c| println!("{}", output::comment_line(c, false)))
        }
        CommentCmd::Delete { comment } => {
            let c = lib.delete_comment(id(&comment)?)?;
            emit(json, &c, |c| {
                println!("Deleted the comment by {} at {}.", c.author_name, timecode::format_ms(c.at_ms))
            })
        }
    }
}

pub fn react(lib: &mut Library, clip: &str, at: &str, emoji: &str, json: bool) -> anyhow::Result<()> {
    let at_ms = timecode::parse_ms(at)?;
    let r = lib.add_reaction(id(clip)?, at_ms, emoji, None)?;
    emit(json, &r, |r| println!("{} at {}", r.emoji, timecode::format_ms(r.at_ms)))
}
