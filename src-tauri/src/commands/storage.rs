//! Team storage: the Settings page lists, adds, tests and removes targets;
//! the Clip page publishes to one, and the link goes on the clipboard.

use afterword_library::ClipId;
use afterword_storage::{TargetForm, add_target};
use tauri::{AppHandle, State, ipc::Channel};

use crate::{
    actions,
    error::Result,
    publishing::{self, PublicationView, PublishProgress, StorageTargetView, TargetFormView},
    state::Shell,
};

#[tauri::command]
#[specta::specta]
pub fn storage_targets(shell: State<'_, Shell>) -> Result<Vec<StorageTargetView>> {
    Ok(shell.library().storage_targets()?.into_iter().map(Into::into).collect())
}

#[tauri::command]
#[specta::specta]
pub fn add_storage_target(app: AppHandle, shell: State<'_, Shell>, form: TargetFormView) -> Result<StorageTargetView> {
    let form = TargetForm {
        name: &form.name,
        url: &form.url,
        endpoint: form.endpoint.as_deref(),
        region: &form.region,
        profile: form.profile.as_deref(),
        public_url: form.public_url.as_deref(),
    };
    let added = add_target(&mut shell.library(), form)?;
    actions::refresh_recent(&app); // the tray's "Publish to" menus
    Ok(added.into())
}

/// Forgets the target; returns how many clips' publications were forgotten
/// (their objects stay in the bucket).
#[tauri::command]
#[specta::specta]
pub fn remove_storage_target(app: AppHandle, shell: State<'_, Shell>, name: String) -> Result<u64> {
    let forgotten = shell.library().remove_storage_target(&name)?.1;
    actions::refresh_recent(&app);
    Ok(forgotten)
}

/// A real round trip: writes, reads back and deletes a probe object; the
/// milliseconds it took.
#[tauri::command]
#[specta::specta]
pub async fn test_storage_target(shell: State<'_, Shell>, name: String) -> Result<u64> {
    let target = shell.library().storage_target(&name)?;
    Ok(publishing::test(target).await?.as_millis() as u64)
}

/// Where the clip is published.
#[tauri::command]
#[specta::specta]
pub fn publications(shell: State<'_, Shell>, clip: String) -> Result<Vec<PublicationView>> {
    publishing::publications(&shell.library(), clip.parse()?)
}

/// Publishes the clip with its static page, reporting progress; the page's
/// link is put on the clipboard like any other link.
#[tauri::command]
#[specta::specta]
pub async fn publish_clip(
    app: AppHandle,
    shell: State<'_, Shell>,
    clip: String,
    target: String,
    on_progress: Channel<PublishProgress>,
) -> Result<PublicationView> {
    let clip: ClipId = clip.parse()?;
    let home = {
        let library = shell.library();
        library.clip(clip)?;
        library.home().to_path_buf()
    };
    let report = move |p: PublishProgress| drop(on_progress.send(p));
    let published = publishing::publish(home, clip, target, report).await?;
    if let Some(link) = &published.link {
        actions::announce_clip_link(&app, clip, link);
    }
    Ok(published)
}
