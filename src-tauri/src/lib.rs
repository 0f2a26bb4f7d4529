//! Afterword's desktop shell: a Tauri 2 window over the web UI in `ui/`, a
//! tray, global hotkeys, notifications and the share server in-process — a
//! thin client of `afterword-library`, `afterword-media` and
//! `afterword-share`.
//!
//! Media reaches the webview from a loopback-only server (see
//! `media_server.rs` for why not the `asset:` protocol or the share server).
//!
//! ```text
//! page --command--> commands/* --> recording / library / share state
//!                       ^                |
//! tray, hotkeys --intent--> control::decide --> actions::perform --> tray, control window, clipboard, notification
//! ```

mod actions;
mod after_paint;
mod camera;
pub mod commands;
pub mod control;
mod error;
mod events;
mod export;
pub mod hotkeys;
mod links;
mod media_server;
mod monitor;
mod no_hotkeys;
mod overdue;
pub mod painting;
#[cfg(target_os = "linux")]
mod portal_hotkeys;
mod publishing;
mod reconfigure;
mod recorder_status;
mod recording;
mod renderer;
mod server;
pub mod settings;
mod shell;
pub mod shutdown;
mod state;
mod transcriber;
pub mod tray;
mod views;
mod wakeup;
mod windows;

use std::io::IsTerminal;
use std::path::PathBuf;

use afterword_library::Library;
use tauri::{App, Manager, RunEvent, WindowEvent};

pub use error::{Error, Result};

/// When the process started, for the first-paint figure.
pub static STARTED: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();

/// Builds and runs the app until Quit.
pub fn run() {
    STARTED.get_or_init(std::time::Instant::now);
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| {
            tracing_subscriber::EnvFilter::new(format!("info,{}", afterword_media::QUIET_DEPENDENCIES))
        }))
        .with_ansi(std::io::stderr().is_terminal())
        .try_init();
    let specta = commands::builder();
    let app = tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| windows::show_main(app)))
        .plugin(tauri_plugin_clipboard_manager::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_autostart::init(tauri_plugin_autostart::MacosLauncher::LaunchAgent, Some(vec![HIDDEN])))
        .plugin(tauri_plugin_global_shortcut::Builder::new().with_handler(shell::on_shortcut).build())
        .invoke_handler(specta.invoke_handler())
        .setup(move |app| {
            specta.mount_events(app);
            setup(app)?;
            Ok(())
        })
        .on_window_event(|window, event| {
            if let WindowEvent::CloseRequested { api, .. } = event
                && shutdown::on_close_requested(window.label()) == shutdown::CloseDecision::HideToTray
            {
                api.prevent_close();
                windows::hide_main(window);
            }
        })
        .build(tauri::generate_context!());
    let app = match app {
        Ok(app) => app,
        Err(tauri::Error::PluginInitialization(plugin, reason)) if plugin == "single-instance" => {
            start_after_the_quitting_instance(&reason)
        }
        Err(e) => {
            eprintln!("afterword: cannot start: {e}");
            std::process::exit(1);
        }
    };
    app.run(|handle, event| {
        if let RunEvent::ExitRequested { code, api, .. } = event {
            let quitting = handle.state::<state::Shell>().quitting.load(std::sync::atomic::Ordering::SeqCst);
            if !shutdown::may_exit(code, quitting) {
                api.prevent_exit();
            }
        }
    });
}

/// The single-instance check failed. Mostly a running Afterword took the
/// name but left the bus without taking our arguments: it is quitting. Start
/// again once it's gone (a few tries, half a second apart) instead of not
/// starting at all; past that, say what failed.
fn start_after_the_quitting_instance(reason: &str) -> ! {
    const TRIES: &str = "AFTERWORD_START_TRIES";
    let tries: u32 = std::env::var(TRIES).ok().and_then(|v| v.parse().ok()).unwrap_or(0);
    #[cfg(unix)]
    if tries < 4
        && let Ok(exe) = std::env::current_exe()
    {
        use std::os::unix::process::CommandExt;
        std::thread::sleep(std::time::Duration::from_millis(500));
        let mut again = std::process::Command::new(exe);
        let error = again.args(std::env::args_os().skip(1)).env(TRIES, (tries + 1).to_string()).exec();
        tracing::warn!(%error, "cannot start again");
    }
    eprintln!(
        "afterword: cannot start: the check for a running Afterword failed ({reason}); if one is running, quit it and try again"
    );
    std::process::exit(1);
}

/// The argument start-at-login passes: start in the tray, window hidden.
const HIDDEN: &str = "--hidden";

fn setup(app: &mut App) -> Result<()> {
    let handle = app.handle().clone();
    let config_dir = app.path().app_config_dir()?;
    let data_dir = app.path().app_data_dir()?;
    let settings_path = config_dir.join("settings.json");
    let settings = settings::Settings::load(&settings_path).unwrap_or_else(|e| {
        tracing::error!(error = %e, "settings not loaded; using defaults (the file is left alone)");
        settings::Settings::default()
    });
    let home: PathBuf = settings.library_home()?;
    let mut library = Library::open(&home)?;
    match afterword_recording::recover(&mut library) {
        Ok(done) if done.is_empty() => {}
        Ok(done) => tracing::info!(settled = done.len(), "recovered recordings an earlier crash left"),
        Err(e) => tracing::warn!(error = %e, "recovery failed"),
    }
    let share = tauri::async_runtime::block_on(server::ShareServer::start(Library::open(&home)?, &settings))?;
    let cameras = camera::Previews::start().map_err(Error::io("cannot start the camera preview thread"))?;
    let media = tauri::async_runtime::block_on(media_server::MediaServer::start(
        library.clips_dir(),
        library.renders_dir(),
        cameras,
    ))?;
    let links = links::LinkBook::load(&data_dir.join("links.json"));
    let bindings = hotkeys::Bindings::from_settings(&settings);
    app.manage(state::Shell::new(library, settings, settings_path, share, media, links));
    app.manage(shell::ActiveBindings::default());
    app.manage(hotkeys::Capturing::default());
    app.manage(no_hotkeys::Desktop::default());
    app.manage(monitor::Monitoring::default());
    if let Err(e) = shell::create_tray(&handle) {
        tracing::warn!(error = %e, "no tray icon (is there a system tray?)");
    }
    recorder_status::spawn(&handle).map_err(Error::io("cannot start the recorder status thread"))?;
    app.manage(
        renderer::Rendering::spawn(home.clone(), renderer::app_hooks(&handle))
            .map_err(Error::io("cannot start the renderer thread"))?,
    );
    app.manage(
        transcriber::Transcribing::spawn(home, transcriber::app_hooks(&handle))
            .map_err(Error::io("cannot start the transcriber thread"))?,
    );
    if let Err(e) = overdue::spawn(&handle) {
        tracing::warn!(error = %e, "the inbox is not watched (no overdue notifications)");
    }
    let hotkey_settings = app.state::<state::Shell>().settings();
    let hotkeys = move || {
        if !no_hotkeys::hotkeys_possible(&handle, &data_dir) {
            return;
        }
        #[cfg(target_os = "linux")]
        if let afterword_media::Shortcuts::Portal { .. } = handle.state::<no_hotkeys::Desktop>().shortcuts() {
            return portal_hotkeys::start(&handle, &hotkey_settings);
        }
        if let Err(e) = bindings.and_then(|b| shell::register_first_hotkeys(&handle, b)) {
            tracing::warn!(error = %e, "hotkeys not registered");
        }
    };
    let after_paint =
        after_paint::AfterPaint::spawn("hotkeys", hotkeys).map_err(Error::io("cannot start the hotkey thread"))?;
    app.manage(after_paint);
    if std::env::args().any(|a| a == HIDDEN)
        && let Some(w) = app.get_webview_window(windows::MAIN)
    {
        let _ = w.hide();
        app.state::<monitor::Monitoring>().set_window_hidden(true);
    }
    Ok(())
}
