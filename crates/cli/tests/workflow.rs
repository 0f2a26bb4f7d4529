//! The async workflow from the command line: a team, expectations, threads
//! between members, the inbox, folders, templates and search filters.

mod common;

use common::Home;

fn id(v: &serde_json::Value) -> String {
    v["id"].as_str().expect("id").to_owned()
}

#[test]
fn a_standard_thread_moves_between_two_inboxes_and_leaves_both() {
    let home = Home::new();
    let me = home.json(&["people", "list"])[0]["display_name"].as_str().expect("me").to_owned();
    home.ok(&["people", "rename", &me, "Ana"]);
    home.ok(&["people", "set", "Ana", "--tz", "Europe/Berlin", "--hours", "9-17", "--days", "mon-fri"]);
    home.ok(&["people", "add", "Ben", "--tz", "America/New_York", "--hours", "08:30-16:30"]);
    let people = home.ok(&["people", "list"]);
    assert!(
        people.contains("Ben") && people.contains("America/New_York") && people.contains("08:30-16:30"),
        "{people}"
    );

    let question = home.clip("Which onboarding flow?", 30_000);
    let thread = id(&home.json(&["threads", "new", "Onboarding flow", "--urgency", "standard", "--to", "Ben"]));
    home.ok(&["threads", "post", &thread, "--clip", &question]);

    let bens = home.json(&["--as", "Ben", "inbox"]);
    let item = &bens["awaiting_me"][0];
    assert_eq!((item["title"].as_str(), item["waiting_on"].as_str()), (Some("Onboarding flow"), Some("Ben")));
    let due: jiff::Timestamp = item["due_at"].as_str().expect("due").parse().expect("timestamp");
    let local = due.to_zoned(jiff::tz::TimeZone::get("America/New_York").expect("zone"));
    let minutes = i32::from(local.hour()) * 60 + i32::from(local.minute());
    assert!((8 * 60 + 30..=16 * 60 + 30).contains(&minutes), "due in Ben's hours: {local}");
    let text = home.ok(&["--as", "Ben", "inbox"]);
    assert!(
        text.contains("Awaiting your reply") && text.contains("Onboarding flow") && text.contains("▶ a clip"),
        "{text}"
    );
    assert_eq!(home.json(&["inbox"])["owed_to_me"][0]["waiting_on"], "Ben");

    let answer = home.clip("Use the short flow", 20_000);
    home.ok(&["--as", "Ben", "threads", "post", &thread, "Short one", "--clip", &answer]);
    assert!(home.json(&["--as", "Ben", "inbox"])["awaiting_me"].as_array().expect("list").is_empty());
    assert_eq!(home.json(&["inbox"])["awaiting_me"][0]["last_author"], "Ben");

    home.ok(&["threads", "resolve", &thread]);
    for who in ["Ana", "Ben"] {
        let inbox = home.json(&["--as", who, "inbox"]);
        assert!(
            inbox["awaiting_me"].as_array().expect("a").is_empty()
                && inbox["owed_to_me"].as_array().expect("o").is_empty()
        );
        assert_eq!(inbox["resolved"][0]["title"], "Onboarding flow");
    }
}

#[test]
fn expectations_live_threads_and_invites() {
    let home = Home::new();
    home.ok(&["people", "add", "Cy", "--tz", "Asia/Tokyo"]);
    let shown = home.ok(&["expectations"]);
    assert!(shown.contains("urgent      within 4 working hours") && shown.contains("1 working day"), "{shown}");
    let set = home.json(&["expectations", "--urgent", "2h", "--non-urgent", "2d"]);
    assert_eq!((set["urgent"]["hours"].as_u64(), set["non_urgent"]["days"].as_u64()), (Some(2), Some(2)));
    let t = id(&home.json(&["threads", "new", "Prod incident", "--urgency", "urgent", "--live"]));
    let invited = home.json(&["threads", "invite", &t, "Cy"]);
    assert_eq!(invited["participants"].as_array().map(Vec::len), Some(2));
    assert_eq!(invited["needs_live"], true);
    home.ok(&["threads", "post", &t, "Can you look?"]);
    assert!(home.ok(&["--as", "Cy", "inbox"]).contains("[needs a live talk]"));
    assert_eq!(home.json(&["threads", "live", &t, "--off"])["needs_live"], false);
}

#[test]
fn changing_urgency_moves_the_due_time_in_the_inbox() {
    let home = Home::new();
    home.ok(&["people", "add", "Ben", "--tz", "America/New_York", "--hours", "9-17"]);
    let t = id(&home.json(&["threads", "new", "Pricing page", "--urgency", "non-urgent", "--to", "Ben"]));
    home.ok(&["threads", "post", &t, "Option A or B?"]);
    let ben = home.lib().member("Ben").expect("Ben").calendar();
    // (since, due) of what Ben owes, read from the inbox.
    let owed = || -> (jiff::Timestamp, jiff::Timestamp) {
        let item = &home.json(&["--as", "Ben", "inbox"])["awaiting_me"][0];
        let time = |k: &str| item[k].as_str().expect(k).parse().expect("timestamp");
        (time("since"), time("due_at"))
    };
    let (since, due) = owed();
    let hours = jiff::SignedDuration::from_hours;
    assert_eq!(due, ben.add_working_time(since, hours(3 * 8)), "non-urgent: three working days");

    assert_eq!(home.json(&["threads", "urgency", &t, "urgent"])["urgency"], "urgent");
    assert_eq!(owed(), (since, ben.add_working_time(since, hours(4))), "urgent: four working hours, same clock");
    assert!(home.ok(&["threads", "urgency", &t, "standard"]).contains("is standard"));
    assert_eq!(owed(), (since, ben.add_working_time(since, hours(8))), "standard: one working day");

    let err = home.refused(&["threads", "urgency", &t, "asap"]);
    assert!(err.contains("not an urgency"), "{err}");
    assert!(home.refused(&["threads", "urgency", "nope", "urgent"]).contains("not a thread id"));
    assert_eq!(home.json(&["threads", "show", &t])[0]["urgency"], "standard", "a refused change writes nothing");
}

#[test]
fn folders_templates_and_inline_clips() {
    let home = Home::new();
    let clip = home.clip("Walkthrough", 75_000);
    let doc = id(&home.json(&["docs", "new", "Kick-off brief", "--template", "brief"]));
    home.ok(&["docs", "attach", &doc, &clip, "--inline"]);
    let shown = home.ok(&["docs", "show", &doc]);
    assert!(
        shown.contains("## Watch before we meet") && shown.contains(&format!("▶ Walkthrough (1:15)  {clip}")),
        "{shown}"
    );
    assert!(home.json(&["docs", "show", &doc])["body"].as_str().expect("body").contains(&format!("(clip:{clip})")));
    let decision = id(&home.json(&["docs", "new", "Use Postgres", "--template", "decision"]));

    home.ok(&["clips", "move", &clip, "Product/Onboarding"]);
    home.ok(&["docs", "move", &doc, "Product"]);
    home.ok(&["docs", "move", &decision, "Engineering"]);
    let folders = home.ok(&["folders"]);
    assert!(folders.contains("Product/  (0 clips, 1 docs") && folders.contains("  Onboarding/  (1 clips"), "{folders}");
    assert_eq!(home.json(&["clips", "list", "--folder", "Product"]).as_array().map(Vec::len), Some(1));
    assert_eq!(home.json(&["docs", "list", "--folder", "Engineering"])[0]["title"], "Use Postgres");
}

#[test]
fn search_filters_from_the_command_line() {
    let home = Home::new();
    home.ok(&["people", "add", "Ben", "--tz", "UTC"]);
    let a = home.clip("Checkout redesign", 60_000);
    let b = home.clip("Checkout bugs", 60_000);
    home.ok(&["clips", "tag", &a, "design"]);
    home.ok(&["comment", "add", &a, "--at", "0:05", "checkout button too small"]);
    let c = id(&home.json(&["--as", "Ben", "comment", "add", &b, "--at", "0:07", "checkout crashes"]));
    home.ok(&["comment", "resolve", &c]);
    let count = |args: &[&str]| {
        let mut all = vec!["search", "checkout"];
        all.extend_from_slice(args);
        home.json(&all).as_array().map(Vec::len).unwrap_or(0)
    };
    assert_eq!(count(&[]), 4);
    assert_eq!(count(&["--kind", "comment"]), 2);
    assert_eq!(count(&["--kind", "clip,comment", "--tag", "design"]), 2);
    assert_eq!(count(&["--author", "Ben"]), 1);
    assert_eq!(count(&["--unresolved"]), 2);
    assert_eq!(count(&["--since", "2999-01-01"]), 0);
    assert_eq!(count(&["--until", "2999-01-01T00:00:00Z"]), 4);
}

#[test]
fn workflow_bad_input_is_refused_with_one_line() {
    let home = Home::new();
    home.ok(&["people", "add", "Ben", "--tz", "UTC"]);
    let cases: &[(&[&str], &str)] = &[
        (&["people", "add", "Dee", "--tz", "Mars/Olympus_Mons"], "IANA"),
        (&["people", "add", "Dee", "--tz", "UTC", "--hours", "17-9"], "end before they start"),
        (&["people", "add", "Dee", "--tz", "UTC", "--days", ","], "no working days"),
        (&["people", "add", "Dee", "--tz", "UTC", "--days", "funday"], "mon-fri"),
        (&["people", "add", "ben", "--tz", "UTC"], "already called"),
        (&["people", "set", "Nobody", "--tz", "UTC"], "no member"),
        (&["--as", "Nobody", "inbox"], "no member"),
        (&["threads", "new", "x", "--to", "Nobody"], "no member"),
        (&["expectations", "--urgent", "soon"], "4h or 2d"),
        (&["docs", "new", "x", "--template", "memo"], "brief, decision"),
        (&["search", "x", "--kind", "video"], "not a kind"),
        (&["search", "x", "--since", "yesterday"], "not a date"),
        (&["search", "  "], "give some words"),
        (&["clips", "move", "0195f0c2-7b1e-7c3a-9d4e-1a2b3c4d5e6f", "x"], "no clip"),
    ];
    for (args, needle) in cases {
        let err = home.refused(args);
        assert!(err.contains(needle), "{args:?}: {err}");
    }
    assert_eq!(home.json(&["people", "list"]).as_array().map(Vec::len), Some(2), "nothing added");
    assert_eq!(home.count("threads"), 0);
}
