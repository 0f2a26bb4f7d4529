//! Global shortcuts on this desktop: on X11 the app registers its hotkeys
//! with the X server; on Wayland only the desktop's GlobalShortcuts portal
//! can give them (GNOME 48+, KDE), and where it is not offered the app says
//! so once and the tray icon is the way to record. The decision is a plain
//! function of the session and the portal's answer; asking the portal is
//! [`global_shortcuts_portal`].

use std::time::Duration;

use super::backend::{Backend, SessionEnv, choose_backend_in};

/// What the session bus said about `org.freedesktop.portal.GlobalShortcuts`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PortalAnswer {
    Offered {
        version: u32,
    },
    /// xdg-desktop-portal answers, but no backend of this desktop
    /// implements the interface.
    NotOffered,
    /// No portal (or no session bus) answered.
    NoPortal {
        reason: String,
    },
}

/// How the app's hotkeys reach the desktop.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "via", rename_all = "snake_case")]
pub enum Shortcuts {
    /// Registered with the X server.
    X11,
    /// Through the GlobalShortcuts portal.
    Portal { version: u32 },
    /// None on this desktop: the tray icon records.
    TrayOnly { why: String },
}

impl std::fmt::Display for Shortcuts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Shortcuts::X11 => write!(f, "x11: the hotkeys are registered with the X server"),
            Shortcuts::Portal { version } => {
                write!(f, "portal: the desktop's GlobalShortcuts portal (version {version}) gives the hotkeys")
            }
            Shortcuts::TrayOnly { why } => write!(f, "none: {why}; the tray icon starts and stops recordings"),
        }
    }
}

/// Why there are no hotkeys on a Wayland desktop without the portal.
pub const NOT_OFFERED: &str =
    "this Wayland desktop offers no GlobalShortcuts portal (GNOME 48+ and KDE do), so no app can have global hotkeys";

/// The decision: X11 sessions register with the X server (the portal is
/// not asked); Wayland sessions use the portal when it is offered.
pub fn choose_shortcuts(env: &SessionEnv, ask_portal: impl FnOnce() -> PortalAnswer) -> Shortcuts {
    if choose_backend_in(env, None).backend != Backend::Portal {
        return Shortcuts::X11;
    }
    match ask_portal() {
        PortalAnswer::Offered { version } => Shortcuts::Portal { version },
        PortalAnswer::NotOffered => Shortcuts::TrayOnly { why: NOT_OFFERED.to_owned() },
        PortalAnswer::NoPortal { reason } => {
            Shortcuts::TrayOnly { why: format!("no portal answers on the session bus ({reason})") }
        }
    }
}

/// This session's decision.
pub fn shortcuts() -> Shortcuts {
    choose_shortcuts(&SessionEnv::from_env(), global_shortcuts_portal)
}

/// How long the session bus may take to answer.
const LIMIT: Duration = Duration::from_secs(3);

/// Asks the session bus for the GlobalShortcuts portal's `version`
/// property, on a `portal-shortcuts` thread, within [`LIMIT`].
pub fn global_shortcuts_portal() -> PortalAnswer {
    let (tx, rx) = std::sync::mpsc::channel();
    let spawned = std::thread::Builder::new().name("portal-shortcuts".into()).spawn(move || {
        let answer = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
            Ok(runtime) => runtime.block_on(async {
                tokio::time::timeout(LIMIT, ask()).await.unwrap_or_else(|_| PortalAnswer::NoPortal {
                    reason: format!("no answer within {} s", LIMIT.as_secs()),
                })
            }),
            Err(e) => PortalAnswer::NoPortal { reason: e.to_string() },
        };
        let _ = tx.send(answer);
    });
    if let Err(e) = spawned {
        return PortalAnswer::NoPortal { reason: e.to_string() };
    }
    rx.recv_timeout(LIMIT + Duration::from_secs(1))
        .unwrap_or_else(|_| PortalAnswer::NoPortal { reason: format!("no answer within {} s", LIMIT.as_secs()) })
}

async fn ask() -> PortalAnswer {
    use ashpd::zbus;
    let no_portal = |e: zbus::Error| PortalAnswer::NoPortal { reason: e.to_string() };
    let connection = match zbus::Connection::session().await {
        Ok(c) => c,
        Err(e) => return no_portal(e),
    };
    let proxy = zbus::proxy::Builder::<zbus::Proxy<'_>>::new(&connection)
        .destination("org.freedesktop.portal.Desktop")
        .and_then(|b| b.path("/org/freedesktop/portal/desktop"))
        .and_then(|b| b.interface("org.freedesktop.portal.GlobalShortcuts"))
        .map(|b| b.cache_properties(zbus::proxy::CacheProperties::No));
    let proxy = match proxy {
        Ok(b) => match b.build().await {
            Ok(p) => p,
            Err(e) => return no_portal(e),
        },
        Err(e) => return no_portal(e),
    };
    match proxy.get_property::<u32>("version").await.map_err(zbus::fdo::Error::from) {
        Ok(version) => PortalAnswer::Offered { version },
        // GDBus answers a Get on an interface the object lacks with
        // InvalidArgs ("No such interface"); newer buses say UnknownInterface.
        Err(
            zbus::fdo::Error::InvalidArgs(_)
            | zbus::fdo::Error::UnknownInterface(_)
            | zbus::fdo::Error::UnknownProperty(_)
            | zbus::fdo::Error::UnknownMethod(_),
        ) => PortalAnswer::NotOffered,
        Err(e) => PortalAnswer::NoPortal { reason: e.to_string() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wayland() -> SessionEnv {
        SessionEnv { wayland_display: Some("wayland-1".into()), session_type: Some("wayland".into()), display: None }
    }

    #[test]
    fn an_x11_session_registers_with_the_x_server_without_asking_the_portal() {
        let x11 = SessionEnv { wayland_display: None, session_type: Some("x11".into()), display: Some(":0".into()) };
        assert_eq!(choose_shortcuts(&x11, || panic!("the portal was asked")), Shortcuts::X11);
    }

    #[test]
    fn a_wayland_desktop_without_the_portal_leaves_the_tray_and_says_why() {
        let choice = choose_shortcuts(&wayland(), || PortalAnswer::NotOffered);
        assert_eq!(choice, Shortcuts::TrayOnly { why: NOT_OFFERED.to_owned() });
        assert_eq!(
            choice.to_string(),
            "none: this Wayland desktop offers no GlobalShortcuts portal (GNOME 48+ and KDE do), so no app can have \
             global hotkeys; the tray icon starts and stops recordings"
        );
        let none = choose_shortcuts(&wayland(), || PortalAnswer::NoPortal { reason: "no bus".into() });
        assert!(none.to_string().starts_with("none: no portal answers on the session bus (no bus)"), "{none}");
    }

    #[test]
    fn a_wayland_desktop_with_the_portal_uses_it() {
        let choice = choose_shortcuts(&wayland(), || PortalAnswer::Offered { version: 1 });
        assert_eq!(choice, Shortcuts::Portal { version: 1 });
    }
}
