//! Render an edit from the command line, for manual checks:
//! `cargo run -p afterword-media --example render -- SRC.mp4 DEST.mp4 START-END [START-END…] [--audio-packets]` (ms)
#![allow(clippy::unwrap_used)]

use std::path::Path;
use std::time::Instant;

use afterword_media::{AudioCut, KeptRange, render_edit_with};

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let audio = if args.iter().any(|a| a == "--audio-packets") { AudioCut::Packets } else { AudioCut::Exact };
    args.retain(|a| a != "--audio-packets");
    let usage = "usage: render SRC.mp4 DEST.mp4 START-END [START-END…] [--audio-packets] (milliseconds)";
    let (src, dest) = (args.first().expect(usage), args.get(1).expect(usage));
    let kept: Vec<KeptRange> = args[2..]
        .iter()
        .map(|r| {
            let (s, e) = r.split_once('-').expect(usage);
            KeptRange::new(s.parse().expect(usage), e.parse().expect(usage))
        })
        .collect();
    let started = Instant::now();
    match render_edit_with(Path::new(src), &kept, Path::new(dest), audio, &mut |f| eprint!("\r{:3.0} %", f * 100.0)) {
        Ok(done) => eprintln!("\r{} in {:.2} s: {done:?}", dest, started.elapsed().as_secs_f64()),
        Err(e) => {
            eprintln!("\r{e}");
            std::process::exit(2);
        }
    }
}
