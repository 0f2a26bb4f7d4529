//! Wiring the plain decisions to the desktop: the tray icon built from
//! [`tray::tray_model`], global hotkeys from [`hotkeys::Bindings`], and what
//! happens on window close and exit (see `shutdown.rs`).

use std::sync::{Mutex, PoisonError};

use tauri::image::Image;
use tauri::menu::{IsMenuItem, Menu, MenuItem, PredefinedMenuItem, Submenu};
use tauri::tray::{TrayIcon, TrayIconBuilder};
use tauri::{AppHandle, Manager, Runtime, Wry};
use tauri_plugin_global_shortcut::{GlobalShortcutExt, Shortcut, ShortcutEvent, ShortcutState};

use crate::{
    actions,
    control::Phase,
    error::{Error, Result},
    hotkeys::{self, Bindings},
    state::Shell,
    transcriber::Transcribing,
    tray::{self, RecentClip, TrayCommand, TrayItem},
    windows,
};

const TRAY_ID: &str = "afterword";

/// The shortcuts currently registered, for the handler to match against;
/// and the turn of one swap at a time ([`register_hotkeys`]). The handler
/// takes only the first lock, so a key pressed during a swap cannot wait on
/// the swap that waits on the key's thread.
#[derive(Debug, Default)]
pub struct ActiveBindings(pub Mutex<Option<Bindings>>, Mutex<()>);

pub fn create_tray(app: &AppHandle) -> Result<TrayIcon> {
    let model = tray::tray_model(Phase::Idle, &recent_clips(app), &target_names(app));
    let tray = TrayIconBuilder::with_id(TRAY_ID)
        .icon(icon(false))
        .tooltip(crate::overdue::tooltip(&model.tooltip, crate::overdue::counts(app)))
        .menu(&build_menu(app, &model.items)?)
        .show_menu_on_left_click(true)
        .on_menu_event(|app, event| on_menu(app, event.id().as_ref()))
        .build(app)?;
    Ok(tray)
}

/// Rebuilds the tray for `phase` (icon, tooltip, labels, recent clips).
pub fn refresh_tray(app: &AppHandle, phase: Phase) {
    let Some(tray_icon) = app.tray_by_id(TRAY_ID) else { return };
    let model = tray::tray_model(phase, &recent_clips(app), &target_names(app));
    let _ = tray_icon.set_icon(Some(icon(model.recording)));
    let _ = tray_icon.set_tooltip(Some(crate::overdue::tooltip(&model.tooltip, crate::overdue::counts(app))));
    match build_menu(app, &model.items) {
        Ok(menu) => {
            let _ = tray_icon.set_menu(Some(menu));
        }
        Err(e) => tracing::warn!(error = %e, "tray menu not updated"),
    }
}

fn icon(recording: bool) -> Image<'static> {
    if recording {
        tauri::include_image!("../icons/tray-recording.png")
    } else {
        tauri::include_image!("../icons/tray.png")
    }
}

fn recent_clips(app: &AppHandle) -> Vec<RecentClip> {
    let shell = app.state::<Shell>();
    let query = afterword_library::ClipQuery { limit: tray::RECENT, ..Default::default() };
    let clips = shell.library().clips(&query).unwrap_or_default();
    clips.into_iter().map(|c| RecentClip { id: c.id.to_string(), title: c.title }).collect()
}

fn target_names(app: &AppHandle) -> Vec<String> {
    let targets = app.state::<Shell>().library().storage_targets().unwrap_or_default();
    targets.into_iter().map(|t| t.name).collect()
}

fn build_menu<R: Runtime>(app: &AppHandle<R>, items: &[TrayItem]) -> Result<Menu<R>> {
    let menu = Menu::new(app)?;
    for item in items {
        menu.append(build_item(app, item)?.as_ref())?;
    }
    Ok(menu)
}

fn build_item<R: Runtime>(app: &AppHandle<R>, item: &TrayItem) -> Result<Box<dyn IsMenuItem<R>>> {
    Ok(match item {
        TrayItem::Action { id, label, enabled } => Box::new(MenuItem::with_id(app, id, label, *enabled, None::<&str>)?),
        TrayItem::Separator => Box::new(PredefinedMenuItem::separator(app)?),
        TrayItem::Submenu { label, items } => {
            let sub = Submenu::new(app, label, true)?;
            for i in items {
                sub.append(build_item(app, i)?.as_ref())?;
            }
            Box::new(sub)
        }
    })
}

fn on_menu(app: &AppHandle, id: &str) {
    match tray::command_for(id) {
        Some(TrayCommand::Control(intent)) => actions::dispatch(app, intent),
        Some(TrayCommand::Open) => windows::show_main(app),
        Some(TrayCommand::CopyLink { clip_id }) => copy_link(app, &clip_id),
        Some(TrayCommand::Publish { target, clip_id }) => crate::publishing::from_tray(app, target, &clip_id),
        Some(TrayCommand::Quit) => quit(app),
        None => {}
    }
}

fn copy_link(app: &AppHandle, clip_id: &str) {
    let shell = app.state::<Shell>();
    let id = clip_id.parse().map_err(Error::from);
    match id.and_then(|id| crate::links::link_for(&shell, id).map(|link| (id, link))) {
        Ok((id, link)) => actions::announce_clip_link(app, id, &link),
        Err(e) => actions::notify(app, "No link", &e.to_string()),
    }
}

/// Quit: a running recording is stopped and saved first; a transcription
/// stops at once and its clip is handed back, to resume at the next start;
/// the renderer stops after the clip it is rendering, or is left behind
/// (a killed render leaves the original and the earlier render as they were).
pub fn quit(app: &AppHandle) {
    let shell = app.state::<Shell>();
    shell.quitting.store(true, std::sync::atomic::Ordering::SeqCst);
    app.state::<Transcribing>().stop();
    app.state::<crate::renderer::Rendering>().stop();
    let phase = crate::recording::status(&shell).phase;
    let app = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        if crate::shutdown::stop_before_quit(phase) {
            // A failed stop is announced by `perform` before the app goes.
            let _ = actions::perform(&app, crate::control::Action::Stop, crate::views::Target::Screen, None);
        } else if phase == Phase::Countdown
            && let Err(e) = actions::perform(&app, crate::control::Action::Cancel, crate::views::Target::Screen, None)
        {
            tracing::warn!(error = %e, "the countdown could not be cancelled on quit");
        }
        if !app.state::<Transcribing>().wait(crate::transcriber::QUIT_GRACE) {
            tracing::warn!("the transcription did not stop in time; it resumes once it is stale");
        }
        if !app.state::<crate::renderer::Rendering>().wait(crate::renderer::QUIT_GRACE) {
            tracing::info!("a render was still running at quit; the next start makes it again");
        }
        app.exit(0);
    });
}

/// The global-shortcut handler: our shortcuts, on press only.
pub fn on_shortcut(app: &AppHandle<Wry>, shortcut: &Shortcut, event: ShortcutEvent) {
    if event.state != ShortcutState::Pressed {
        return;
    }
    let (intent, label) = {
        let active = app.state::<ActiveBindings>();
        let guard = active.0.lock().unwrap_or_else(PoisonError::into_inner);
        (guard.as_ref().and_then(|b| b.intent_for(shortcut)), guard.as_ref().map(|b| b.label(shortcut)))
    };
    // A hotkey field is waiting: the press is the combination it records.
    let capturing = app.state::<hotkeys::Capturing>().is_on(std::time::Instant::now());
    tracing::info!(%shortcut, capturing, "hotkey pressed");
    if capturing {
        use tauri_specta::Event;
        let combination = label.unwrap_or_else(|| shortcut.to_string());
        if let Err(e) = (crate::events::HotkeyCaptured { combination }).emit(app) {
            tracing::warn!(error = %e, "hotkey not handed to the field");
        }
        return;
    }
    if let Some(intent) = intent {
        actions::dispatch(app, intent);
    }
}

/// Replaces the registered hotkeys with `bindings`: the new shortcuts are
/// registered first and the old ones let go only once all of them are
/// (`hotkeys::swap`), so a combination the desktop refuses (another program
/// holds it) leaves the hotkeys that worked working.
pub fn register_hotkeys(app: &AppHandle, bindings: Bindings) -> Result<()> {
    swap_hotkeys(app, bindings, false)
}

/// The first registration, from the settings the app started with: nothing
/// if a save of Settings registered its own first (they are newer).
pub fn register_first_hotkeys(app: &AppHandle, bindings: Bindings) -> Result<()> {
    swap_hotkeys(app, bindings, true)
}

fn swap_hotkeys(app: &AppHandle, bindings: Bindings, first: bool) -> Result<()> {
    // Wayland: the portal binds them (portal_hotkeys.rs), or nothing can
    // (no_hotkeys.rs); an X11 grab would hear only XWayland's windows.
    if !app.state::<crate::no_hotkeys::Desktop>().via_x11() {
        return Ok(());
    }
    let gs = app.global_shortcut();
    let active = app.state::<ActiveBindings>();
    // One swap at a time: the first registration (after the first paint)
    // and a save of Settings at start would both find none registered and
    // register each shortcut twice, the second refused as taken.
    let _turn = active.1.lock().unwrap_or_else(PoisonError::into_inner);
    let old = active.0.lock().unwrap_or_else(PoisonError::into_inner).as_ref().map(Bindings::all);
    if first && old.is_some() {
        return Ok(());
    }
    let (register, release) = hotkeys::swap(old.as_ref().map_or(&[][..], |o| &o[..]), &bindings.all());
    for (i, shortcut) in register.iter().enumerate() {
        if let Err(e) = gs.register(*shortcut) {
            for done in &register[..i] {
                let _ = gs.unregister(*done);
            }
            return Err(Error::HotkeyTaken { shortcut: bindings.label(shortcut), reason: e.to_string() });
        }
    }
    for shortcut in release {
        if let Err(e) = gs.unregister(shortcut) {
            tracing::warn!(error = %e, %shortcut, "old hotkey not let go");
        }
    }
    *active.0.lock().unwrap_or_else(PoisonError::into_inner) = Some(bindings);
    Ok(())
}
