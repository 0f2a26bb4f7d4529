//! The base URL of links, `<base>` in `<base>/s/<token>`: one rule for the
//! CLI and the desktop app. A configured base is checked and used as given;
//! without one, links carry the address people reach: the bound address, or,
//! when the server listens on every interface (0.0.0.0 or ::), this
//! machine's LAN address — a loopback link would open nothing on a
//! colleague's computer, and 0.0.0.0 is no address to give anyone.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, UdpSocket};

/// A configured base URL that cannot be one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{given:?} is not a base URL: it must start with http:// or https:// and name a host")]
pub struct BaseUrlError {
    pub given: String,
}

/// The base of links served from `bound`: `configured` (checked, without a
/// trailing slash) when it is given and not blank, else the address people
/// reach (see the module's documentation).
pub fn base_url(configured: Option<&str>, bound: SocketAddr) -> Result<String, BaseUrlError> {
    match configured.filter(|c| !c.trim().is_empty()) {
        Some(given) => check_base_url(given),
        None => Ok(reachable_base(bound)),
    }
}

/// `given` as a base URL (trimmed, without a trailing slash), or why it is none.
pub fn check_base_url(given: &str) -> Result<String, BaseUrlError> {
    let base = given.trim().trim_end_matches('/');
    let host = base.strip_prefix("http://").or_else(|| base.strip_prefix("https://")).unwrap_or_default();
    if host.is_empty() || host.starts_with('/') || host.contains(char::is_whitespace) {
        return Err(BaseUrlError { given: given.to_owned() });
    }
    Ok(base.to_owned())
}

/// `http://` and the address people reach when the server is bound to `bound`.
fn reachable_base(bound: SocketAddr) -> String {
    let ip = match bound.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => lan_ip().unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST)),
        IpAddr::V6(ip) if ip.is_unspecified() => lan_ip().unwrap_or(IpAddr::V6(Ipv6Addr::LOCALHOST)),
        ip => ip,
    };
    format!("http://{}", SocketAddr::new(ip, bound.port()))
}

/// The address this machine's default route leaves from. Connecting a UDP
/// socket sends nothing; it only asks the kernel which source it would use.
/// `None` without a route (an offline machine), and links say loopback.
fn lan_ip() -> Option<IpAddr> {
    let socket = UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0)).ok()?;
    // TEST-NET-3 (RFC 5737): routed like any outside address, owned by nobody.
    socket.connect((Ipv4Addr::new(203, 0, 113, 1), 9)).ok()?;
    Some(socket.local_addr().ok()?.ip()).filter(|ip| !ip.is_loopback() && !ip.is_unspecified())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn addr(s: &str) -> SocketAddr {
        s.parse().expect("addr")
    }

    #[test]
    fn a_configured_base_is_checked_and_used_as_given() {
        let any = addr("0.0.0.0:7878");
        assert_eq!(base_url(Some(" https://notes.example.org/ "), any).as_deref(), Ok("https://notes.example.org"));
        assert_eq!(base_url(Some("http://10.0.0.5:8080"), any).as_deref(), Ok("http://10.0.0.5:8080"));
        for bad in ["notes.example.org", "ftp://x", "http://", "https:///path", "http://two words"] {
            assert_eq!(base_url(Some(bad), any), Err(BaseUrlError { given: bad.to_owned() }), "{bad:?}");
        }
    }

    #[test]
    fn without_a_base_links_carry_the_address_people_reach() {
        assert_eq!(base_url(None, addr("127.0.0.1:7878")).as_deref(), Ok("http://127.0.0.1:7878"));
        assert_eq!(base_url(Some("  "), addr("192.168.1.20:80")).as_deref(), Ok("http://192.168.1.20:80"));
        assert_eq!(base_url(None, addr("[::1]:7878")).as_deref(), Ok("http://[::1]:7878"));
        for every in ["0.0.0.0:7878", "[::]:7878"] {
            let lan = base_url(None, addr(every)).expect("base");
            assert!(lan.starts_with("http://") && lan.ends_with(":7878"), "{lan}");
            assert!(!lan.contains("0.0.0.0") && !lan.contains("[::]"), "{lan}");
        }
    }
}
