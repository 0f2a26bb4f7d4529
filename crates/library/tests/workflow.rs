//! The async workflow: due times in each person's working time, the inbox as
//! threads move, folders, templates, and search filters.

use afterword_library::{
    CalendarChange, ClipId, ClipMedia, ClipQuery, ClipStatus, Error, Expectation, Library, NewClip, NewComment,
    NewThread, SearchFilter, SearchKind, TagKind, Template, ThreadStatus, Urgency,
    calendar::{CalendarError, WorkCalendar, WorkDays, WorkHours, time_zone},
};
use jiff::{SignedDuration, Timestamp, Zoned};

fn calendar(zone: &str, hours: &str, days: &str) -> WorkCalendar {
    WorkCalendar {
        tz: time_zone(zone).expect("zone"),
        hours: hours.parse().expect("hours"),
        days: days.parse().expect("days"),
    }
}

fn at(zoned: &str) -> Timestamp {
    zoned.parse::<Zoned>().expect("zoned time").timestamp()
}

const DAY: SignedDuration = SignedDuration::from_hours(8);

/// (case, calendar, posted, working time, due) — due times read in the
/// replier's own zone.
#[test]
fn due_times_count_working_time_in_the_repliers_calendar() {
    let berlin = calendar("Europe/Berlin", "9-17", "mon-fri");
    let new_york = calendar("America/New_York", "9-17", "mon-fri");
    let tokyo = calendar("Asia/Tokyo", "09:00-17:00", "mon-fri");
    let part_time = calendar("Europe/Lisbon", "10-14", "mon,wed");
    let h = SignedDuration::from_hours;
    let cases: &[(&str, &WorkCalendar, &str, SignedDuration, &str)] = &[
        ("standard, mid-morning", &berlin, "2026-11-23T10:00[Europe/Berlin]", DAY, "2026-11-24T10:00[Europe/Berlin]"),
        (
            "Friday afternoon runs into Monday",
            &berlin,
            "2026-11-27T16:00[Europe/Berlin]",
            DAY,
            "2026-11-30T16:00[Europe/Berlin]",
        ),
        ("posted on a Saturday", &berlin, "2026-11-28T12:00[Europe/Berlin]", DAY, "2026-11-30T17:00[Europe/Berlin]"),
        ("posted before hours", &berlin, "2026-11-24T06:00[Europe/Berlin]", DAY, "2026-11-24T17:00[Europe/Berlin]"),
        ("posted at closing time", &berlin, "2026-11-24T17:00[Europe/Berlin]", DAY, "2026-11-25T17:00[Europe/Berlin]"),
        (
            "posted a minute before closing",
            &berlin,
            "2026-11-24T16:59[Europe/Berlin]",
            DAY,
            "2026-11-25T16:59[Europe/Berlin]",
        ),
        (
            "urgent: four working hours",
            &berlin,
            "2026-11-23T15:00[Europe/Berlin]",
            h(4),
            "2026-11-24T11:00[Europe/Berlin]",
        ),
        (
            "non-urgent: three working days",
            &berlin,
            "2026-11-25T12:00[Europe/Berlin]",
            DAY * 3,
            "2026-11-30T12:00[Europe/Berlin]",
        ),
        (
            "Berlin afternoon is New York morning",
            &new_york,
            "2026-11-23T16:00[Europe/Berlin]",
            DAY,
            "2026-11-24T10:00[America/New_York]",
        ),
        ("Friday evening UTC is Tokyo's weekend", &tokyo, "2026-11-27T18:00[UTC]", DAY, "2026-11-30T17:00[Asia/Tokyo]"),
        (
            "part-time: Mondays and Wednesdays",
            &part_time,
            "2026-11-24T11:00[Europe/Lisbon]",
            h(4),
            "2026-11-25T14:00[Europe/Lisbon]",
        ),
        (
            "over the autumn DST change",
            &berlin,
            "2026-10-23T16:00[Europe/Berlin]",
            DAY,
            "2026-10-26T16:00[Europe/Berlin]",
        ),
        (
            "over the spring DST change",
            &new_york,
            "2026-03-06T15:00[America/New_York]",
            DAY,
            "2026-03-09T15:00[America/New_York]",
        ),
    ];
    for (case, cal, posted, work, due) in cases {
        assert_eq!(cal.add_working_time(at(posted), *work), at(due), "{case}");
    }
}

#[test]
fn a_working_window_across_a_dst_gap_is_an_hour_shorter() {
    // Working 00:00-06:00 on Sundays in New York: on 2026-03-08 clocks jump
    // from 02:00 to 03:00, so that window holds five real hours, not six.
    let night = calendar("America/New_York", "0-6", "sun");
    let due = night.add_working_time(at("2026-03-07T12:00[America/New_York]"), SignedDuration::from_hours(6));
    assert_eq!(due, at("2026-03-15T01:00[America/New_York]"));
    let worked =
        night.working_time_between(at("2026-03-08T00:00[America/New_York]"), at("2026-03-09T00:00[America/New_York]"));
    assert_eq!(worked, SignedDuration::from_hours(5));
}

#[test]
fn calendar_settings_that_make_no_sense_are_refused() {
    assert!(matches!(time_zone("Mars/Olympus_Mons"), Err(CalendarError::UnknownTimeZone(_))));
    assert!(matches!("17-9".parse::<WorkHours>(), Err(CalendarError::HoursBackwards(_))));
    assert!(matches!("9-9".parse::<WorkHours>(), Err(CalendarError::HoursBackwards(_))));
    assert!(matches!("9-25".parse::<WorkHours>(), Err(CalendarError::MalformedHours(_))));
    assert!(matches!("nine to five".parse::<WorkHours>(), Err(CalendarError::MalformedHours(_))));
    assert!(matches!("".parse::<WorkDays>(), Err(CalendarError::NoWorkingDays)));
    assert!(matches!("funday".parse::<WorkDays>(), Err(CalendarError::MalformedDays(_))));
    assert_eq!("fri-mon".parse::<WorkDays>().expect("wraps").to_string(), "mon,fri,sat,sun");
    assert_eq!("08:30-17:15".parse::<WorkHours>().expect("hours").to_string(), "08:30-17:15");

    let dir = tempfile::tempdir().expect("tempdir");
    let mut lib = Library::open(dir.path()).expect("open");
    let err = lib.add_member("Ben", "Mars/Olympus_Mons", &CalendarChange::default()).expect_err("bad zone");
    assert!(err.is_user_error() && err.to_string().contains("IANA"), "{err}");
    assert!(lib.member("Ben").is_err(), "nothing written");
}

fn clip(lib: &mut Library, title: &str) -> ClipId {
    let id = ClipId::new();
    let media = ClipMedia { duration_ms: 60_000, media_path: format!("clips/{id}.mp4"), ..Default::default() };
    lib.add_clip(NewClip { id, title: title.into(), status: ClipStatus::Ready, media }).expect("clip").id
}

/// Two team members a world apart on one shared library.
fn team() -> (tempfile::TempDir, Library, afterword_library::Person, afterword_library::Person) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut lib = Library::open(dir.path()).expect("open");
    let me = lib.me().expect("me").id;
    let berlin = CalendarChange { time_zone: Some("Europe/Berlin".into()), ..Default::default() };
    lib.rename_person(me, "Ana").expect("rename");
    let ana = lib.set_calendar(me, &berlin).expect("calendar");
    let ben = lib.add_member("Ben", "America/New_York", &CalendarChange::default()).expect("ben");
    (dir, lib, ana, ben)
}

#[test]
fn a_clip_in_a_standard_thread_reaches_the_other_inbox_and_leaves_both_when_answered_and_resolved() {
    let (_dir, mut lib, ana, ben) = team();
    let question = clip(&mut lib, "Which onboarding flow?");
    let thread = lib
        .new_thread(NewThread { title: "Onboarding flow".into(), participants: vec![ben.id], ..Default::default() })
        .expect("thread");
    let posted = lib.post_message(thread.id, None, Some(question)).expect("post");
    let now = Timestamp::now();

    // Ben owes a reply, due one working day after his day reaches the message.
    let bens = lib.inbox(Some(ben.id), now).expect("inbox");
    assert_eq!(bens.awaiting_me.len(), 1);
    let item = &bens.awaiting_me[0];
    assert_eq!(
        (item.title.as_str(), item.waiting_on.as_str(), item.urgency),
        ("Onboarding flow", "Ben", Urgency::Standard)
    );
    assert_eq!(item.since, posted.created_at);
    assert_eq!(item.due_at, ben.calendar().add_working_time(posted.created_at, DAY));
    let local = item.due_at.to_zoned(time_zone("America/New_York").expect("zone"));
    let minutes = i32::from(local.hour()) * 60 + i32::from(local.minute());
    assert!((9 * 60..=17 * 60).contains(&minutes), "due inside Ben's working hours: {local}");
    assert!(!item.overdue);
    assert!(lib.inbox(Some(ben.id), item.due_at + SignedDuration::from_secs(1)).expect("later").awaiting_me[0].overdue);

    // Ana sees what Ben owes her, and nothing awaiting her.
    let anas = lib.inbox(Some(ana.id), now).expect("inbox");
    assert!(anas.awaiting_me.is_empty());
    assert_eq!(anas.owed_to_me.iter().map(|i| i.waiting_on.as_str()).collect::<Vec<_>>(), vec!["Ben"]);

    // Ben answers with a clip: now Ana owes, in her own (Berlin) working time.
    lib.act_as(ben.id).expect("act as ben");
    let answer = clip(&mut lib, "Use the short flow");
    let reply = lib.post_message(thread.id, Some("Short one, see clip"), Some(answer)).expect("reply");
    assert!(lib.inbox(Some(ben.id), now).expect("inbox").awaiting_me.is_empty());
    let anas = lib.inbox(Some(ana.id), now).expect("inbox");
    assert_eq!(anas.awaiting_me[0].due_at, ana.calendar().add_working_time(reply.created_at, DAY));
    assert_eq!(anas.awaiting_me[0].last_author, "Ben");

    // Resolved: out of both inboxes' open lists, into "resolved".
    lib.set_thread_status(thread.id, ThreadStatus::Resolved).expect("resolve");
    for person in [ana.id, ben.id] {
        let inbox = lib.inbox(Some(person), Timestamp::now()).expect("inbox");
        assert!(inbox.awaiting_me.is_empty() && inbox.owed_to_me.is_empty());
        assert_eq!(inbox.resolved.iter().map(|t| t.id).collect::<Vec<_>>(), vec![thread.id]);
    }
}

#[test]
fn expectations_are_team_settings_and_urgency_picks_one() {
    let (_dir, mut lib, _ana, ben) = team();
    let mut e = lib.expectations().expect("defaults");
    assert_eq!(
        (e.urgent, e.standard, e.non_urgent),
        (Expectation::Hours(4), Expectation::Days(1), Expectation::Days(3))
    );
    e.urgent = "2h".parse().expect("2h");
    lib.set_expectations(&e).expect("save");
    let t = lib
        .new_thread(NewThread {
            title: "Prod is down".into(),
            urgency: Urgency::Urgent,
            participants: vec![ben.id],
            needs_live: true,
            ..Default::default()
        })
        .expect("thread");
    let m = lib.post_message(t.id, Some("Can you look?"), None).expect("post");
    let item = &lib.inbox(Some(ben.id), Timestamp::now()).expect("inbox").awaiting_me[0];
    assert!(item.needs_live);
    assert_eq!(item.due_at, ben.calendar().add_working_time(m.created_at, SignedDuration::from_hours(2)));
    assert!(matches!("0h".parse::<Expectation>(), Err(Error::BadValue { .. })));
    assert!(matches!("soon".parse::<Expectation>(), Err(Error::BadValue { .. })));
}

#[test]
fn changing_a_threads_urgency_moves_the_due_time_in_the_inbox() {
    let (_dir, mut lib, ana, ben) = team();
    let t = lib
        .new_thread(NewThread { title: "Pricing page".into(), participants: vec![ben.id], ..Default::default() })
        .expect("thread");
    let m = lib.post_message(t.id, Some("Option A or B?"), None).expect("post");
    let due = |lib: &Library| lib.inbox(Some(ben.id), m.created_at).expect("inbox").awaiting_me[0].clone();
    assert_eq!(due(&lib).due_at, ben.calendar().add_working_time(m.created_at, DAY));

    let changed = lib.set_urgency(t.id, Urgency::Urgent).expect("urgent");
    assert_eq!(changed.urgency, Urgency::Urgent);
    let item = due(&lib);
    assert_eq!((item.urgency, item.since), (Urgency::Urgent, m.created_at), "the clock does not restart");
    assert_eq!(item.due_at, ben.calendar().add_working_time(m.created_at, SignedDuration::from_hours(4)));
    let owed = lib.inbox(Some(ana.id), m.created_at).expect("inbox").owed_to_me;
    assert_eq!(owed[0].due_at, item.due_at, "what Ana is owed moves with it");

    lib.set_urgency(t.id, Urgency::NonUrgent).expect("non-urgent");
    assert_eq!(due(&lib).due_at, ben.calendar().add_working_time(m.created_at, DAY * 3));
    let missing = afterword_library::ThreadId::new();
    assert!(matches!(lib.set_urgency(missing, Urgency::Urgent), Err(Error::NotFound { .. })));
}

#[test]
fn a_hand_set_due_time_wins_and_guests_cannot_be_invited() {
    let (_dir, mut lib, _ana, ben) = team();
    let due = at("2026-12-01T17:00[Europe/Berlin]");
    let t = lib
        .new_thread(NewThread {
            title: "Budget".into(),
            due_at: Some(due),
            participants: vec![ben.id],
            ..Default::default()
        })
        .expect("thread");
    assert_eq!(lib.inbox(Some(ben.id), Timestamp::now()).expect("inbox").awaiting_me[0].due_at, due);
    lib.set_urgency(t.id, Urgency::Urgent).expect("urgent");
    assert_eq!(lib.inbox(Some(ben.id), Timestamp::now()).expect("inbox").awaiting_me[0].due_at, due, "still wins");
    let guest = lib.guest("Ben").expect("guest");
    assert_eq!(guest.display_name, "Ben (guest)", "a guest can't pass as a member");
    assert!(matches!(lib.invite(t.id, &[guest.id]), Err(Error::NotAMember { .. })));
    assert!(matches!(lib.act_as(guest.id), Err(Error::NotAMember { .. })));
    assert!(matches!(lib.add_member("ben", "UTC", &CalendarChange::default()), Err(Error::NameTaken { .. })));
}

#[test]
fn folders_file_things_and_list_with_subfolders() {
    let (_dir, mut lib, _ana, _ben) = team();
    let a = clip(&mut lib, "a");
    clip(&mut lib, "b");
    let doc = lib.new_document("Brief", Template::Brief.body()).expect("doc");
    assert!(doc.body.contains("## Watch before we meet"));
    assert_eq!(
        lib.move_to_folder(TagKind::Clip, &a.to_string(), " Engineering / Q3 ").expect("move"),
        "Engineering/Q3"
    );
    lib.move_to_folder(TagKind::Document, &doc.id.to_string(), "Engineering").expect("move doc");
    let q = |folder: &str| ClipQuery { limit: 10, folder: Some(folder.into()), ..Default::default() };
    assert_eq!(lib.clips(&q("Engineering")).expect("list").iter().map(|c| c.id).collect::<Vec<_>>(), vec![a]);
    assert!(lib.clips(&q("Engineer")).expect("list").is_empty(), "a folder is matched whole, not as a prefix");
    assert_eq!(lib.documents(Some("Engineering"), 10).expect("docs").len(), 1);
    let folders = lib.folders().expect("folders");
    assert_eq!(
        folders.iter().map(|f| (f.path.as_str(), f.clips, f.documents)).collect::<Vec<_>>(),
        vec![("Engineering", 0, 1), ("Engineering/Q3", 1, 0)]
    );
    assert!(matches!(lib.move_to_folder(TagKind::Thread, &a.to_string(), "x"), Err(Error::NotFound { .. })));
}

#[test]
fn documents_embed_clips_inline() {
    let (_dir, mut lib, _ana, _ben) = team();
    let a = clip(&mut lib, "Walkthrough");
    let body =
        format!("## Watch first\n\n![Walkthrough](clip:{a})\n\nThen read on. ![again](clip:{a}) ![bad](clip:nope)");
    let doc = lib.new_document("Brief", &body).expect("doc");
    assert_eq!(doc.embedded, vec![a]);
}

#[test]
fn search_filters_by_kind_tag_author_folder_date_and_unresolved() {
    let (_dir, mut lib, _ana, ben) = team();
    let a = clip(&mut lib, "Checkout redesign");
    let b = clip(&mut lib, "Checkout bugs");
    lib.retag(TagKind::Clip, &a.to_string(), &["design".into()], &[]).expect("tag");
    lib.move_to_folder(TagKind::Clip, &b.to_string(), "QA").expect("folder");
    let open = lib
        .add_comment(NewComment {
            clip_id: Some(a),
            at_ms: Some(1000),
            body: "checkout button too small".into(),
            ..Default::default()
        })
        .expect("c");
    lib.act_as(ben.id).expect("ben");
    let bens = lib
        .add_comment(NewComment {
            clip_id: Some(b),
            at_ms: Some(2000),
            body: "checkout crashes on Safari".into(),
            ..Default::default()
        })
        .expect("c");
    lib.resolve_comment(bens.id, true).expect("resolve");
    lib.new_document("Checkout plan", "Ship the checkout fixes").expect("doc");

    let ids = |f: SearchFilter| {
        let mut v: Vec<(SearchKind, String)> =
            lib.search_filtered("checkout", &f, 20).expect("search").into_iter().map(|h| (h.kind, h.title)).collect();
        v.sort_by(|x, y| format!("{x:?}").cmp(&format!("{y:?}")));
        v
    };
    assert_eq!(ids(SearchFilter::default()).len(), 5);
    assert_eq!(ids(SearchFilter { kinds: vec![SearchKind::Comment], ..Default::default() }).len(), 2);
    assert_eq!(
        ids(SearchFilter { tag: Some("design".into()), ..Default::default() }),
        vec![(SearchKind::Clip, "Checkout redesign".into()), (SearchKind::Comment, "Checkout redesign".into())]
    );
    assert_eq!(
        ids(SearchFilter { author: Some("ben".into()), ..Default::default() }),
        vec![(SearchKind::Comment, "Checkout bugs".into())]
    );
    assert_eq!(ids(SearchFilter { folder: Some("QA".into()), ..Default::default() }).len(), 2);
    assert_eq!(
        ids(SearchFilter { unresolved: true, ..Default::default() }),
        vec![(SearchKind::Clip, "Checkout redesign".into()), (SearchKind::Comment, "Checkout redesign".into())]
    );
    let later = open.created_at + SignedDuration::from_hours(1);
    assert!(ids(SearchFilter { since: Some(later), ..Default::default() }).is_empty());
    assert_eq!(ids(SearchFilter { until: Some(later), ..Default::default() }).len(), 5);
}
