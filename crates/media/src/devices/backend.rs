//! Which capture backend records the screen, and why: the one rule for the
//! CLI, the app, `devices` and `doctor`. In a Wayland session `DISPLAY`
//! points at XWayland, whose root window holds only X11 programs (an X11 grab
//! records black where the desktop is), so Wayland means the portal.

use std::fmt;

/// A screen capture backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    /// Afterword's own X11 capture (MIT-SHM) on an X11 session.
    X11,
    /// The xdg-desktop-portal ScreenCast interface and PipeWire (Wayland).
    Portal,
    /// scap (macOS, Windows).
    Scap,
}

impl Backend {
    pub fn name(self) -> &'static str {
        match self {
            Backend::X11 => "x11",
            Backend::Portal => "portal",
            Backend::Scap => "scap",
        }
    }
}

impl std::str::FromStr for Backend {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "x11" | "x11grab" => Ok(Backend::X11),
            "portal" | "wayland" | "pipewire" => Ok(Backend::Portal),
            _ => Err(format!("{s:?} is not a capture backend; x11 or portal")),
        }
    }
}

/// Why a backend was chosen.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "because", rename_all = "snake_case")]
pub enum Why {
    /// The caller asked for it.
    Asked,
    /// `WAYLAND_DISPLAY` is set.
    WaylandDisplay { wayland_display: String },
    /// `XDG_SESSION_TYPE=wayland`.
    WaylandSession,
    /// `DISPLAY` and no sign of Wayland.
    X11Session { display: String },
    /// Neither: x11 is tried, and says what is missing.
    NoSession,
    /// This platform has one backend.
    Platform,
}

impl fmt::Display for Why {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Why::Asked => write!(f, "asked for"),
            Why::WaylandDisplay { wayland_display } => write!(
                f,
                "a Wayland session (WAYLAND_DISPLAY={wayland_display}): only the portal sees its screen; DISPLAY, if set, is XWayland's"
            ),
            Why::WaylandSession => write!(
                f,
                "a Wayland session (XDG_SESSION_TYPE=wayland): only the portal sees its screen; DISPLAY, if set, is XWayland's"
            ),
            Why::X11Session { display } => write!(f, "an X11 session (DISPLAY={display}, no WAYLAND_DISPLAY)"),
            Why::NoSession => write!(f, "no WAYLAND_DISPLAY, XDG_SESSION_TYPE or DISPLAY is set"),
            Why::Platform => write!(f, "the only backend on this platform"),
        }
    }
}

/// The backend that records, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct BackendChoice {
    pub backend: Backend,
    pub why: Why,
}

impl fmt::Display for BackendChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.backend.name(), self.why)
    }
}

impl Default for BackendChoice {
    /// The backend for this process's session.
    fn default() -> Self {
        choose_backend(None)
    }
}

/// What the environment says about the session.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SessionEnv {
    pub wayland_display: Option<String>,
    pub session_type: Option<String>,
    pub display: Option<String>,
}

impl SessionEnv {
    /// This process's `WAYLAND_DISPLAY`, `XDG_SESSION_TYPE` and `DISPLAY`
    /// (empty counts as unset).
    pub fn from_env() -> Self {
        let var = |name| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        SessionEnv {
            wayland_display: var("WAYLAND_DISPLAY"),
            session_type: var("XDG_SESSION_TYPE"),
            display: var("DISPLAY"),
        }
    }
}

/// The backend for this process's session; `asked` overrides.
pub fn choose_backend(asked: Option<Backend>) -> BackendChoice {
    choose_backend_in(&SessionEnv::from_env(), asked)
}

/// The rule: asked for → that; Wayland (`WAYLAND_DISPLAY`, or
/// `XDG_SESSION_TYPE=wayland`) → the portal, even with `DISPLAY` set;
/// otherwise X11. macOS and Windows have scap only.
pub fn choose_backend_in(env: &SessionEnv, asked: Option<Backend>) -> BackendChoice {
    if !cfg!(target_os = "linux") {
        return BackendChoice { backend: Backend::Scap, why: Why::Platform };
    }
    if let Some(backend) = asked {
        return BackendChoice { backend, why: Why::Asked };
    }
    if let Some(name) = &env.wayland_display {
        return BackendChoice { backend: Backend::Portal, why: Why::WaylandDisplay { wayland_display: name.clone() } };
    }
    if env.session_type.as_deref().is_some_and(|t| t.eq_ignore_ascii_case("wayland")) {
        return BackendChoice { backend: Backend::Portal, why: Why::WaylandSession };
    }
    match &env.display {
        Some(display) => BackendChoice { backend: Backend::X11, why: Why::X11Session { display: display.clone() } },
        None => BackendChoice { backend: Backend::X11, why: Why::NoSession },
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    fn env(wayland: Option<&str>, session_type: Option<&str>, display: Option<&str>) -> SessionEnv {
        SessionEnv {
            wayland_display: wayland.map(str::to_owned),
            session_type: session_type.map(str::to_owned),
            display: display.map(str::to_owned),
        }
    }

    #[test]
    fn wayland_display_means_the_portal_even_with_xwaylands_display() {
        let c = choose_backend_in(&env(Some("wayland-1"), None, Some(":0")), None);
        assert_eq!(c.backend, Backend::Portal);
        assert_eq!(c.why, Why::WaylandDisplay { wayland_display: "wayland-1".into() });
    }

    #[test]
    fn a_wayland_session_type_means_the_portal_without_wayland_display() {
        let c = choose_backend_in(&env(None, Some("wayland"), Some(":1")), None);
        assert_eq!((c.backend, c.why), (Backend::Portal, Why::WaylandSession));
    }

    #[test]
    fn an_x11_session_records_with_x11() {
        let c = choose_backend_in(&env(None, Some("x11"), Some(":0")), None);
        assert_eq!((c.backend, c.why), (Backend::X11, Why::X11Session { display: ":0".into() }));
        let c = choose_backend_in(&env(None, None, Some(":99")), None);
        assert_eq!(c.backend, Backend::X11);
    }

    #[test]
    fn asking_overrides_the_session() {
        let wayland = env(Some("wayland-0"), Some("wayland"), Some(":0"));
        assert_eq!(choose_backend_in(&wayland, Some(Backend::X11)).backend, Backend::X11);
        let x11 = env(None, Some("x11"), Some(":0"));
        let c = choose_backend_in(&x11, Some(Backend::Portal));
        assert_eq!((c.backend, c.why), (Backend::Portal, Why::Asked));
    }

    #[test]
    fn no_session_at_all_tries_x11_and_says_why() {
        let c = choose_backend_in(&SessionEnv::default(), None);
        assert_eq!((c.backend, c.why.clone()), (Backend::X11, Why::NoSession));
        assert!(c.to_string().starts_with("x11: no WAYLAND_DISPLAY"), "{c}");
    }

    #[test]
    fn backend_names_parse() {
        assert_eq!("portal".parse::<Backend>(), Ok(Backend::Portal));
        assert_eq!("X11".parse::<Backend>(), Ok(Backend::X11));
        assert!("vnc".parse::<Backend>().is_err());
    }
}
