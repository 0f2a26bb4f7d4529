//! What a person asks to record, in the terms both clients share.

use std::time::Duration;

use afterword_library::{DocumentId, ThreadId};
use afterword_media::{CameraChoice, CaptureArea, MicrophoneChoice};

/// One recording's choices: what to capture, how, and what to do with the
/// clip once it is kept.
#[derive(Debug, Clone)]
pub struct Request {
    pub area: CaptureArea,
    /// `None` records no microphone; see [`choose_microphone`].
    pub microphone: Option<MicrophoneChoice>,
    /// Also record what the computer plays.
    pub system_audio: bool,
    pub fps: u32,
    /// Cap on the encoded width (aspect kept); 0 keeps the native size.
    pub max_width: u32,
    /// Show the mouse pointer.
    pub cursor: bool,
    pub countdown: Duration,
    /// `None` (or blank) names the clip after the recorded window and the
    /// time, until what was said names it (see `afterword-transcripts`).
    pub title: Option<String>,
    pub then: Then,
    /// Queue the kept clip's transcript when the library transcribes
    /// automatically; `false` never does.
    pub transcribe: bool,
    /// A camera drawn as a bubble over the screen, or recorded alone.
    pub camera: Option<CameraChoice>,
}

impl Default for Request {
    /// The whole screen, the default microphone, 30 fps, at most 1920 px wide.
    fn default() -> Self {
        Request {
            area: CaptureArea::Screen,
            microphone: Some(MicrophoneChoice::Default),
            system_audio: false,
            fps: 30,
            max_width: 1920,
            cursor: true,
            countdown: Duration::ZERO,
            title: None,
            then: Then::Keep,
            transcribe: true,
            camera: None,
        }
    }
}

/// What happens to the clip once it is kept, whichever control stopped it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Then {
    /// Nothing more: it is in the library.
    #[default]
    Keep,
    /// Attach it to the end of a document.
    AttachTo(DocumentId),
    /// Post it as a message in a thread (a reply with a recording).
    PostIn(ThreadId),
}

/// The microphone a recording (or a level meter) opens: none when switched
/// off, else the one named, else the system's default input.
pub fn choose_microphone(enabled: bool, name: Option<&str>) -> Option<MicrophoneChoice> {
    enabled.then(|| match name.map(str::trim).filter(|n| !n.is_empty()) {
        Some(n) => MicrophoneChoice::Named(n.to_owned()),
        None => MicrophoneChoice::Default,
    })
}

/// What names an untitled clip: the camera, when it is recorded alone, or
/// the window recorded (`None`: the screen).
pub fn source_title(request: &Request) -> Option<String> {
    match &request.camera {
        Some(CameraChoice { use_: afterword_media::CameraUse::Only, .. }) => Some("Camera recording".to_owned()),
        _ => window_title(request.area),
    }
}

/// The title of the window a recording captures, which names an untitled clip.
pub fn window_title(area: CaptureArea) -> Option<String> {
    let CaptureArea::Window(id) = area else { return None };
    afterword_media::devices(None).windows.into_iter().find(|w| w.id == id).map(|w| w.title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_microphone_is_off_named_or_the_default() {
        assert_eq!(choose_microphone(false, Some("USB Mic")), None);
        assert_eq!(choose_microphone(true, Some("USB Mic")), Some(MicrophoneChoice::Named("USB Mic".into())));
        assert_eq!(choose_microphone(true, Some("  ")), Some(MicrophoneChoice::Default));
        assert_eq!(choose_microphone(true, None), Some(MicrophoneChoice::Default));
    }

    #[test]
    fn a_camera_recorded_alone_names_the_clip_and_a_bubble_does_not() {
        let camera =
            |use_| Request { camera: Some(CameraChoice { name: "fakecam".into(), use_ }), ..Request::default() };
        assert_eq!(source_title(&camera(afterword_media::CameraUse::Only)).as_deref(), Some("Camera recording"));
        let bubble = camera(afterword_media::CameraUse::Bubble(afterword_media::Bubble::default().into()));
        assert_eq!(source_title(&bubble), None);
    }

    #[test]
    fn only_a_window_names_the_clip() {
        assert_eq!(window_title(CaptureArea::Screen), None);
        assert_eq!(window_title(CaptureArea::Monitor(0)), None);
    }
}
