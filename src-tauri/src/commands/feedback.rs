//! Comments and reactions on the clip page, written to the library directly;
//! open viewer pages of the same clip are told to refresh.

use afterword_library::{ClipId, NewComment};
use tauri::State;

use crate::{
    error::Result,
    state::Shell,
    views::{CommentView, FeedbackView, ReactionView},
};

/// The clip's comments and reactions on the edited timeline, as its owner
/// sees them: those in a part an edit removed are marked `removed`.
#[tauri::command]
#[specta::specta]
pub fn feedback(shell: State<'_, Shell>, clip: String) -> Result<FeedbackView> {
    let library = shell.library();
    let (clip, me) = (clip.parse()?, library.me()?.id);
    Ok(FeedbackView::new(library.comments(clip)?, library.reactions(clip)?, me))
}

/// A comment at `at_ms` (or over `at_ms..end_ms`), or a reply to `parent_id`.
#[tauri::command]
#[specta::specta]
pub fn add_comment(
    shell: State<'_, Shell>,
    clip: String,
    body: String,
    at_ms: Option<u64>,
    end_ms: Option<u64>,
    parent_id: Option<String>,
) -> Result<CommentView> {
    let clip: ClipId = clip.parse()?;
    let parent_id = parent_id.map(|p| p.parse()).transpose()?;
    let mut library = shell.library();
    let new = NewComment { clip_id: Some(clip), at_ms, end_ms, parent_id, author: None, body };
    let comment = library.add_comment(new)?;
    shell.share.notify_changed(clip);
    Ok(CommentView::new(comment, library.me()?.id))
}

#[tauri::command]
#[specta::specta]
pub fn resolve_comment(shell: State<'_, Shell>, id: String, resolved: bool) -> Result<CommentView> {
    let mut library = shell.library();
    let comment = library.resolve_comment(id.parse()?, resolved)?;
    shell.share.notify_changed(comment.clip_id);
    Ok(CommentView::new(comment, library.me()?.id))
}

#[tauri::command]
#[specta::specta]
pub fn delete_comment(shell: State<'_, Shell>, id: String) -> Result<()> {
    let comment = shell.library().delete_comment(id.parse()?)?;
    shell.share.notify_changed(comment.clip_id);
    Ok(())
}

#[tauri::command]
#[specta::specta]
pub fn add_reaction(shell: State<'_, Shell>, clip: String, at_ms: u64, emoji: String) -> Result<ReactionView> {
    let clip: ClipId = clip.parse()?;
    let reaction = shell.library().add_reaction(clip, at_ms, &emoji, None)?;
    shell.share.notify_changed(clip);
    Ok(reaction.into())
}
