//! The commands the pages call, about ten lines each over the crates, and
//! the tauri-specta builder that registers them and writes their TypeScript
//! bindings (`ui/src/app/bindings.ts`, checked by a test).

mod camera;
mod clips;
mod edits;
mod feedback;
mod hotkeys;
mod import;
mod monitor;
mod record;
mod settings;
mod share;
mod storage;
mod transcripts;
mod workflow;

use tauri_specta::{Builder, ErrorHandlingMode, collect_commands, collect_events};

use crate::events::{AreaPicked, ClipsChanged, HotkeyCaptured, RecorderStatus, RenderChanged, TranscriptChanged};

/// Where the generated bindings live, relative to this crate.
pub const BINDINGS: &str = "../ui/src/app/bindings.ts";

pub fn builder() -> Builder<tauri::Wry> {
    Builder::<tauri::Wry>::new()
        .commands(collect_commands![
            record::devices,
            record::recorder_status,
            record::record_start,
            record::record_pause,
            record::record_resume,
            record::record_stop,
            record::record_discard,
            record::pick_area,
            record::area_picked,
            camera::camera_preview_url,
            camera::recording_bubble,
            camera::bubble_resize,
            camera::bubble_move,
            camera::bubble_position,
            camera::bubble_next_corner,
            monitor::mic_monitor_start,
            monitor::mic_monitor_level,
            monitor::mic_monitor_stop,
            clips::list_clips,
            clips::get_clip,
            clips::rename_clip,
            clips::retag_clip,
            clips::clip_tags,
            clips::delete_clip,
            clips::export_clip,
            import::import_clip,
            edits::get_edit,
            edits::trim_clip,
            edits::cut_clip,
            edits::reset_edit,
            edits::restore_edit,
            feedback::feedback,
            feedback::add_comment,
            feedback::resolve_comment,
            feedback::delete_comment,
            feedback::add_reaction,
            share::copy_link,
            share::share_clip,
            share::places,
            share::attach_clip,
            storage::storage_targets,
            storage::add_storage_target,
            storage::remove_storage_target,
            storage::test_storage_target,
            storage::publications,
            storage::publish_clip,
            transcripts::get_transcript,
            transcripts::transcript_states,
            transcripts::transcribe_clip,
            transcripts::correct_transcript,
            transcripts::transcription_settings,
            transcripts::set_transcription_settings,
            transcripts::list_models,
            transcripts::add_model,
            transcripts::remove_model,
            transcripts::set_default_model,
            settings::get_settings,
            settings::save_settings,
            settings::app_info,
            settings::ui_ready,
            hotkeys::hotkey_capture,
            hotkeys::hotkey_support,
            workflow::documents::list_documents,
            workflow::documents::get_document,
            workflow::documents::new_document,
            workflow::documents::edit_document,
            workflow::documents::embed_clip,
            workflow::documents::retag_document,
            workflow::documents::move_to_folder,
            workflow::documents::folders,
            workflow::threads::list_threads,
            workflow::threads::get_thread,
            workflow::threads::new_thread,
            workflow::threads::post_message,
            workflow::threads::resolve_thread,
            workflow::threads::set_thread_urgency,
            workflow::threads::set_needs_live,
            workflow::threads::invite_to_thread,
            workflow::threads::retag_thread,
            workflow::inbox::inbox,
            workflow::search::search_all,
            workflow::people::people,
            workflow::people::add_member,
            workflow::people::update_member,
            workflow::people::expectations,
            workflow::people::set_expectations,
        ])
        .events(collect_events![
            RecorderStatus,
            ClipsChanged,
            AreaPicked,
            TranscriptChanged,
            RenderChanged,
            HotkeyCaptured
        ])
        .error_handling(ErrorHandlingMode::Throw)
        .dangerously_cast_bigints_to_number()
        .disable_serde_phases()
}

/// The bindings as TypeScript text.
pub fn typescript() -> specta_typescript::Typescript {
    specta_typescript::Typescript::default()
        .header("// Generated from the Rust commands by tauri-specta (src-tauri/src/commands/mod.rs). Do not edit:\n// `cargo test -p afterword-desktop bindings` rewrites it.\n")
}
