//! `afterword clips trim|cut|split|edits` through the real binary: edits are
//! saved as data, times are typed as the clip plays now, feedback follows,
//! and bad input is one line, exit 2, with nothing changed.

mod common;

use common::Home;

fn kept(edit: &serde_json::Value) -> Vec<(u64, u64)> {
    edit["kept"]
        .as_array()
        .expect("kept ranges")
        .iter()
        .map(|r| (r["start_ms"].as_u64().expect("start"), r["end_ms"].as_u64().expect("end")))
        .collect()
}

#[test]
fn trim_and_cut_in_the_times_the_player_shows() {
    let home = Home::new();
    let clip = home.clip("Walkthrough", 60_000);
    let edit = home.json(&["clips", "trim", &clip, "--start", "0:05", "--end", "55"]);
    assert_eq!((kept(&edit), edit["revision"].as_u64()), (vec![(5_000, 55_000)], Some(1)));
    let out = home.ok(&["clips", "cut", &clip, "--from", "0:10", "--to", "0:20"]);
    assert_eq!(out.trim(), "Cut: plays 0:40 of 1:00 (kept 0:05–0:15, 0:25–0:55 of the original)");
    let edit = home.json(&["clips", "trim", &clip, "--end", "0:30"]);
    assert_eq!(kept(&edit), [(5_000, 15_000), (25_000, 45_000)]);
    let shown = home.json(&["clips", "show", &clip]);
    assert_eq!((shown["media_duration_ms"].as_u64(), shown["duration_ms"].as_u64()), (Some(60_000), Some(30_000)));
    assert!(home.ok(&["clips", "list"]).contains("    0:30  Walkthrough"));
}

#[test]
fn edits_show_where_feedback_plays_and_reset_brings_it_back() {
    let home = Home::new();
    let clip = home.clip("Walkthrough", 60_000);
    home.ok(&["comment", "add", &clip, "--at", "0:02", "is this recording?"]);
    home.ok(&["comment", "add", &clip, "--at", "0:30", "nice"]);
    home.ok(&["react", &clip, "--at", "0:40", "👍"]);
    home.ok(&["clips", "trim", &clip, "--start", "0:10"]);

    let out = home.ok(&["clips", "edits", &clip]);
    assert!(out.starts_with("Plays 0:50 of 1:00 (kept 0:10–1:00 of the original) (revision 1)"), "{out}");
    assert!(out.contains("\n  [0:20] Me: nice  ("), "{out}");
    assert!(out.contains("[in a removed part, originally 0:02]"), "{out}");
    assert!(out.contains("Reactions\n  [0:30] 👍"), "{out}");
    let fb = home.json(&["clips", "edits", &clip]);
    let removed: Vec<_> = fb["comments"].as_array().expect("comments").iter().map(|m| m["removed"].as_bool()).collect();
    assert_eq!(removed, [Some(false), Some(true)]);

    let fb = home.json(&["clips", "edits", &clip, "--reset"]);
    assert_eq!((kept(&fb["edit"]), fb["edit"]["revision"].as_u64()), (vec![(0, 60_000)], Some(2)));
    assert!(fb["comments"].as_array().expect("comments").iter().all(|m| m["removed"] == false));
    assert_eq!(fb["comments"][0]["edited_at_ms"].as_u64(), Some(2_000));
}

#[test]
fn split_gives_the_second_clip_the_later_feedback() {
    let home = Home::new();
    let clip = home.clip("Walkthrough", 60_000);
    home.ok(&["comment", "add", &clip, "--at", "0:10", "first half"]);
    home.ok(&["comment", "add", &clip, "--at", "0:45", "second half"]);
    let split = home.json(&["clips", "split", &clip, "--at", "0:40"]);
    let second = split["second"]["id"].as_str().expect("second id").to_owned();
    assert_eq!(split["first"]["duration_ms"].as_u64(), Some(40_000));
    assert_eq!(split["second"]["duration_ms"].as_u64(), Some(20_000));
    assert_eq!(split["second"]["media_path"], split["first"]["media_path"]);
    let bodies = |id: &str| {
        home.json(&["comment", "list", id])
            .as_array()
            .expect("list")
            .iter()
            .map(|c| c["body"].clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(bodies(&clip), ["first half"]);
    assert_eq!(bodies(&second), ["second half"]);
    let fb = home.json(&["clips", "edits", &second]);
    assert_eq!(fb["comments"][0]["edited_at_ms"].as_u64(), Some(5_000));

    let out = home.ok(&["clips", "edits", &second, "--reset"]);
    assert!(out.contains("Plays 0:20, all of its side of a split (0:40–1:00 of the original)"), "{out}");
    home.ok(&["clips", "delete", &clip, "--yes"]);
    let file = home.0.path().join(split["second"]["media_path"].as_str().expect("media path"));
    assert!(file.exists(), "the second clip still plays the file");
    home.ok(&["clips", "delete", &second, "--yes"]);
    assert!(!file.exists(), "the last clip takes the file with it");
}

#[test]
fn bad_edits_get_one_line_exit_2_and_change_nothing() {
    let home = Home::new();
    let clip = home.clip("Walkthrough", 10_000);
    let missing = "0195f0c2-7b1e-7c3a-9d4e-1a2b3c4d5e6f";
    let cases: [(&[&str], &str); 9] = [
        (&["clips", "trim", &clip, "--start", "0:12"], "0:12 is past the end of the clip (0:10)"),
        (&["clips", "trim", &clip, "--start", "0:02", "--end", "0:11"], "0:11 is past the end of the clip (0:10)"),
        (&["clips", "trim", &clip, "--start", "0:05", "--end", "0:02"], "the end must be the later time"),
        (&["clips", "cut", &clip, "--from", "0:00.2", "--to", "0:09.9"], "at least 0:00.500 must remain"),
        (&["clips", "split", &clip, "--at", "0:09.8"], "the edit would leave 0:00.200"),
        (&["clips", "cut", missing, "--from", "1", "--to", "2"], "no clip with id"),
        (&["clips", "trim", &clip, "--start", "soon"], "soon"),
        (&["clips", "trim", &clip], "give --start, --end or both"),
        (&["clips", "split", &clip], "required arguments were not provided"),
    ];
    for (args, expected) in cases {
        let err = home.refused(args);
        assert!(err.contains(expected), "{args:?}: {err}");
    }
    assert_eq!(home.count("clip_edits"), 0, "nothing was saved");
    assert_eq!(home.count("clips"), 1);
}
