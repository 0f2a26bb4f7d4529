//! The tray: which icon it shows and what its menu says, as a plain
//! [`TrayModel`] computed from the recorder's phase, the recent clips and the
//! team storage targets (one "Publish to <target>" submenu each), and
//! the menu ids parsed back into [`TrayCommand`]s. `shell.rs` turns the model
//! into a real tray icon.

use crate::control::{Intent, Phase};

/// How many recent clips the menu lists.
pub const RECENT: usize = 5;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrayModel {
    /// Show the recording icon.
    pub recording: bool,
    pub tooltip: String,
    pub items: Vec<TrayItem>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrayItem {
    Action { id: String, label: String, enabled: bool },
    Separator,
    Submenu { label: String, items: Vec<TrayItem> },
}

/// A recent clip as the menu shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecentClip {
    pub id: String,
    pub title: String,
}

/// What a menu click asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrayCommand {
    Control(Intent),
    Open,
    CopyLink { clip_id: String },
    Publish { target: String, clip_id: String },
    Quit,
}

const RECENT_PREFIX: &str = "recent:";
const PUBLISH_PREFIX: &str = "publish:";

pub fn tray_model(phase: Phase, recent: &[RecentClip], targets: &[String]) -> TrayModel {
    let action = |id: &str, label: &str, enabled| TrayItem::Action { id: id.into(), label: label.into(), enabled };
    let record = match phase {
        Phase::Idle => action("record", "Start recording", true),
        Phase::Countdown => action("record", "Cancel countdown", true),
        Phase::Recording | Phase::Paused => action("record", "Stop recording", true),
        Phase::Finalizing => action("record", "Saving…", false),
    };
    let pause = match phase {
        Phase::Paused => action("pause", "Resume", true),
        _ => action("pause", "Pause", phase == Phase::Recording),
    };
    let recent_items: Vec<TrayItem> = if recent.is_empty() {
        vec![action("recent-none", "No clips yet", false)]
    } else {
        recent
            .iter()
            .take(RECENT)
            .map(|c| action(&format!("{RECENT_PREFIX}{}", c.id), &menu_label(&c.title), true))
            .collect()
    };
    let tooltip = match phase {
        Phase::Recording => "Afterword: recording",
        Phase::Paused => "Afterword: paused",
        Phase::Countdown => "Afterword: starting…",
        Phase::Finalizing => "Afterword: saving…",
        Phase::Idle => "Afterword",
    };
    // Target names are letters, digits, '-' and '_' (the library's rule), so
    // the clip id after the second ':' is never ambiguous.
    let publish = targets.iter().filter(|_| !recent.is_empty()).map(|target| TrayItem::Submenu {
        label: menu_label(&format!("Publish to {target}")),
        items: recent
            .iter()
            .take(RECENT)
            .map(|c| action(&format!("{PUBLISH_PREFIX}{target}:{}", c.id), &menu_label(&c.title), true))
            .collect(),
    });
    // Publishing goes above Recent clips, which stays just above Quit.
    let mut items = vec![record, pause, TrayItem::Separator, action("open", "Open Afterword", true)];
    items.extend(publish);
    items.extend([
        TrayItem::Submenu { label: "Recent clips (click copies link)".into(), items: recent_items },
        TrayItem::Separator,
        action("quit", "Quit", true),
    ]);
    TrayModel {
        recording: matches!(phase, Phase::Recording | Phase::Paused | Phase::Countdown),
        tooltip: tooltip.into(),
        items,
    }
}

/// The command behind a menu id, if it is one of ours.
pub fn command_for(id: &str) -> Option<TrayCommand> {
    match id {
        "record" => Some(TrayCommand::Control(Intent::ToggleRecord)),
        "pause" => Some(TrayCommand::Control(Intent::TogglePause)),
        "open" => Some(TrayCommand::Open),
        "quit" => Some(TrayCommand::Quit),
        _ => match id.strip_prefix(PUBLISH_PREFIX).and_then(|rest| rest.split_once(':')) {
            Some((target, clip)) => Some(TrayCommand::Publish { target: target.to_owned(), clip_id: clip.to_owned() }),
            None => id.strip_prefix(RECENT_PREFIX).map(|clip| TrayCommand::CopyLink { clip_id: clip.to_owned() }),
        },
    }
}

/// Menu labels stay short, and `&` is not taken as a mnemonic marker.
fn menu_label(title: &str) -> String {
    let mut label: String = title.chars().take(40).collect();
    if title.chars().count() > 40 {
        label.push('…');
    }
    label.replace('&', "&&")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(model: &TrayModel) -> Vec<(String, bool)> {
        model
            .items
            .iter()
            .filter_map(|i| match i {
                TrayItem::Action { label, enabled, .. } => Some((label.clone(), *enabled)),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn idle_offers_start_and_a_disabled_pause() {
        let m = tray_model(Phase::Idle, &[], &[]);
        assert!(!m.recording);
        let l = labels(&m);
        assert_eq!(l[0], ("Start recording".into(), true));
        assert_eq!(l[1], ("Pause".into(), false));
        assert_eq!(l.last().map(|x| x.0.as_str()), Some("Quit"));
    }

    #[test]
    fn recording_switches_the_icon_and_offers_stop_and_pause() {
        let m = tray_model(Phase::Recording, &[], &[]);
        assert!(m.recording);
        assert_eq!(labels(&m)[..2], [("Stop recording".into(), true), ("Pause".into(), true)]);
        let paused = tray_model(Phase::Paused, &[], &[]);
        assert!(paused.recording);
        assert_eq!(labels(&paused)[1], ("Resume".into(), true));
    }

    #[test]
    fn recent_clips_are_listed_and_a_click_copies_that_clips_link() {
        let recent: Vec<RecentClip> =
            (0..7).map(|i| RecentClip { id: format!("id{i}"), title: format!("Clip {i} & more") }).collect();
        let m = tray_model(Phase::Idle, &recent, &[]);
        let Some(TrayItem::Submenu { items, .. }) = m.items.iter().find(|i| matches!(i, TrayItem::Submenu { .. }))
        else {
            panic!("no recent submenu");
        };
        assert_eq!(items.len(), RECENT);
        let TrayItem::Action { id, label, .. } = &items[0] else { panic!("not an action") };
        assert_eq!(label, "Clip 0 && more");
        assert_eq!(command_for(id), Some(TrayCommand::CopyLink { clip_id: "id0".into() }));
    }

    #[test]
    fn each_storage_target_offers_to_publish_a_recent_clip() {
        let recent = [RecentClip { id: "id0".into(), title: "Demo".into() }];
        let m = tray_model(Phase::Idle, &recent, &["team".into()]);
        let publish = m.items.iter().find_map(|i| match i {
            TrayItem::Submenu { label, items } if label == "Publish to team" => Some(items),
            _ => None,
        });
        let Some([TrayItem::Action { id, label, .. }]) = publish.map(Vec::as_slice) else { panic!("no publish menu") };
        assert_eq!(label, "Demo");
        assert_eq!(command_for(id), Some(TrayCommand::Publish { target: "team".into(), clip_id: "id0".into() }));
        let none = tray_model(Phase::Idle, &[], &["team".into()]);
        assert_eq!(none.items.len(), tray_model(Phase::Idle, &[], &[]).items.len(), "nothing to publish, no menu");
    }

    #[test]
    fn every_menu_id_maps_back_to_its_command() {
        assert_eq!(command_for("record"), Some(TrayCommand::Control(Intent::ToggleRecord)));
        assert_eq!(command_for("pause"), Some(TrayCommand::Control(Intent::TogglePause)));
        assert_eq!(command_for("open"), Some(TrayCommand::Open));
        assert_eq!(command_for("quit"), Some(TrayCommand::Quit));
        assert_eq!(command_for("recent-none"), None);
    }
}
