//! `afterword share CLIP [--expires 7d] [--password] [--no-download]`,
//! `afterword share list [CLIP]` and `afterword share revoke LINK`.

use std::{
    io::{BufRead, IsTerminal, Write},
    net::SocketAddr,
};

use afterword_library::{ClipId, Library, ShareLink};
use afterword_share::{DEFAULT_PORT, Expiry, LinkError, LinkOptions, OwnerKey};
use anyhow::Context;
use clap::{Args, Subcommand};
use jiff::{SignedDuration, Timestamp};
use serde::Serialize;

use crate::{
    Refused,
    cmd::id,
    output::{emit, when},
};

/// Where a link password comes from when there is no terminal to ask on.
pub const PASSWORD_ENV: &str = "AFTERWORD_SHARE_PASSWORD";
/// The base URL of links, when `--base` is not given.
pub const BASE_ENV: &str = "AFTERWORD_BASE_URL";

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct ShareArgs {
    #[command(subcommand)]
    pub action: Option<ShareCmd>,
    /// The clip to make a link to.
    #[arg(required = true)]
    pub clip: Option<String>,
    /// How long the link works: 30m, 12h, 7d, 2w (default: until revoked).
    #[arg(long, value_name = "DURATION")]
    pub expires: Option<String>,
    /// Protect the link with a password (asked on the terminal; without one,
    /// read from AFTERWORD_SHARE_PASSWORD or the first line of standard input).
    #[arg(long)]
    pub password: bool,
    /// Viewers may watch but not download the file.
    #[arg(long)]
    pub no_download: bool,
    #[command(flatten)]
    pub base: BaseArg,
}

#[derive(Debug, Args)]
pub struct BaseArg {
    /// Where people reach the share server [default: http://127.0.0.1:7878].
    #[arg(long, env = BASE_ENV, value_name = "URL")]
    pub base: Option<String>,
}

impl BaseArg {
    /// The base of links made here (no server is bound: the default port on loopback).
    pub fn url(&self) -> anyhow::Result<String> {
        base_url(self.base.as_deref(), SocketAddr::from(([127, 0, 0, 1], DEFAULT_PORT)))
    }
}

/// The share crate's one rule for the base URL, with this command line's hint.
pub fn base_url(base: Option<&str>, bound: SocketAddr) -> anyhow::Result<String> {
    afterword_share::base_url(base, bound)
        .map_err(|e| Refused(format!("{e}; give --base (or {BASE_ENV}) like http://127.0.0.1:{DEFAULT_PORT}")).into())
}

#[derive(Debug, Subcommand)]
pub enum ShareCmd {
    /// Every link (or one clip's), newest first.
    List { clip: Option<String> },
    /// Stop a link from working: give its id (from `share list`), its URL or its token.
    Revoke { link: String },
}

#[derive(Debug, Serialize)]
struct Made {
    url: String,
    /// The same link with the owner key: it lets you resolve and delete comments.
    owner_url: String,
    #[serde(flatten)]
    link: ShareLink,
}

pub fn run(lib: &mut Library, args: ShareArgs, json: bool) -> anyhow::Result<()> {
    match args.action {
        Some(ShareCmd::List { clip }) => list(lib, clip.as_deref(), json),
        Some(ShareCmd::Revoke { link }) => {
            let link = afterword_share::links::revoke(lib, &link).map_err(with_hint)?;
            emit(json, &link, |l| println!("Revoked link {}; it no longer opens.", l.id))
        }
        None => {
            let clip: ClipId = id(args.clip.as_deref().unwrap_or_default())?;
            let base = args.base.url()?;
            let expires = args.expires.as_deref().map(expiry).transpose()?.map_or(Expiry::Never, Expiry::At);
            let clip = lib.clip(clip)?;
            let password = if args.password { Some(read_password()?) } else { None };
            let options = LinkOptions { expires, password, allow_download: !args.no_download };
            let made = afterword_share::links::create(lib, clip.id, &options).map_err(with_hint)?;
            let key = OwnerKey::load_or_create(lib.home())?;
            let made = Made { url: made.url(&base), owner_url: made.owner_url(&base, &key), link: made.link };
            emit(json, &made, |m| {
                println!("{}", m.url);
                let mut notes = vec![];
                if let Some(e) = m.link.expires_at {
                    notes.push(format!("expires {}", when(e)));
                }
                if m.link.has_password {
                    notes.push("password".into());
                }
                if !m.link.allow_download {
                    notes.push("no download".into());
                }
                let notes = if notes.is_empty() { String::new() } else { format!(" ({})", notes.join(", ")) };
                eprintln!("Link {} to “{}”{notes}. Run `afterword serve` so it opens.", m.link.id, clip.title);
                eprintln!("Your owner link (resolve and delete comments; keep it private):\n  {}", m.owner_url);
            })
        }
    }
}

/// The share crate's error with what to do about it on this command line.
fn with_hint(e: LinkError) -> anyhow::Error {
    match e {
        LinkError::NotFound => Refused(format!("{e}; `afterword share list` shows the links")).into(),
        LinkError::Password(afterword_share::PasswordError::Empty) => {
            Refused(format!("{e}; give one, or share without --password")).into()
        }
        LinkError::Library(e) => e.into(),
        e if e.is_user_error() => Refused(e.to_string()).into(),
        e => e.into(),
    }
}

fn list(lib: &Library, clip: Option<&str>, json: bool) -> anyhow::Result<()> {
    let clip = clip.map(id::<ClipId>).transpose()?;
    let links = lib.shares(clip)?;
    emit(json, &links, |links| {
        if links.is_empty() {
            println!("No links yet. Make one with `afterword share CLIP`.");
        }
        let now = Timestamp::now();
        for l in links {
            let state = match (l.revoked_at, l.expires_at) {
                (Some(_), _) => "revoked".to_owned(),
                (None, Some(e)) if e <= now => "expired".to_owned(),
                (None, Some(e)) => format!("until {}", when(e)),
                (None, None) => "live".to_owned(),
            };
            let lock = if l.has_password { "  password" } else { "" };
            let dl = if l.allow_download { "" } else { "  no-download" };
            println!("{}  clip {}  {}  {state}  {} views{lock}{dl}", l.id, l.clip_id, when(l.created_at), l.views);
        }
    })
}

/// `30m`, `12h`, `7d`, `2w` from now.
fn expiry(given: &str) -> anyhow::Result<Timestamp> {
    let refuse = || Refused(format!("--expires {given:?} is not a duration; write it as 30m, 12h, 7d or 2w"));
    let s = given.trim();
    let (num, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit()).ok_or_else(refuse)?);
    let n: i64 = num.parse().map_err(|_| refuse())?;
    let secs = match unit {
        "m" | "min" => 60,
        "h" => 3600,
        "d" => 86_400,
        "w" => 7 * 86_400,
        _ => return Err(refuse().into()),
    };
    let span = n.checked_mul(secs).filter(|s| *s > 0 && *s <= 10 * 365 * 86_400).ok_or_else(refuse)?;
    Ok(Timestamp::now() + SignedDuration::from_secs(span))
}

/// The new link's password: asked twice on a terminal, else from the
/// environment or the first line of standard input.
fn read_password() -> anyhow::Result<String> {
    if let Ok(p) = std::env::var(PASSWORD_ENV) {
        return Ok(p);
    }
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        let mut line = String::new();
        stdin.lock().read_line(&mut line).context("reading the password from standard input")?;
        return Ok(line.trim_end_matches(['\n', '\r']).to_owned());
    }
    let first = rpassword::prompt_password("Password for the link: ").context("reading the password")?;
    let again = rpassword::prompt_password("Again: ").context("reading the password")?;
    std::io::stderr().flush()?;
    if first != again {
        return Err(Refused("the two passwords differ; run the command again".into()).into());
    }
    Ok(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expiry_reads_minutes_to_weeks() {
        let now = Timestamp::now();
        let in_7d = expiry("7d").expect("7d");
        let secs = in_7d.duration_since(now).as_secs();
        assert!((7 * 86_400 - 5..=7 * 86_400 + 5).contains(&secs), "{secs}");
        assert!(expiry("30m").is_ok() && expiry("12h").is_ok() && expiry("2w").is_ok());
        for bad in ["", "7", "d", "-1d", "0d", "7y", "1.5h", "99999999999w"] {
            assert!(expiry(bad).is_err(), "{bad:?}");
        }
    }
}
