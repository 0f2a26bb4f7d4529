//! Export: copy the file that plays a clip as edited out of the library
//! (its original, or the render of its edit, made first when it is not yet),
//! reporting progress in 1 MiB steps. Written to `<dest>.part` and renamed,
//! so a cancelled or failed copy never leaves a file that looks complete.

use std::io::{Read, Write};
use std::path::Path;

use afterword_library::{ClipId, Library};

use crate::{
    error::{Error, Result},
    views::ExportProgress,
};

const STEP: usize = 1 << 20;

/// The folder the Clip page offers for exports, inside the library.
pub fn exports_dir(library_home: &Path) -> std::path::PathBuf {
    library_home.join("exports")
}

/// Makes the app's own exports folder when `dest` is inside it (the default
/// the Clip page offers must work the first time); any other missing folder
/// is left for the copy to refuse, with its hint.
pub fn make_exports_dir_for(library_home: &Path, dest: &Path) -> Result<()> {
    let exports = exports_dir(library_home);
    if dest.parent() == Some(exports.as_path()) {
        std::fs::create_dir_all(&exports).map_err(Error::io(format!("cannot create {}", exports.display())))?;
    }
    Ok(())
}

/// Exports `clip` as it plays: its edit is rendered first if it waits for
/// it (on a connection of its own: a render takes seconds, and this runs on
/// a blocking thread), then that file is copied. Never the original of an
/// edited clip.
pub fn export_clip(home: &Path, clip: ClipId, dest: &Path, mut report: impl FnMut(ExportProgress)) -> Result<()> {
    let mut lib = Library::open(home)?;
    let mut last = None;
    let settled = afterword_editing::settle(&mut lib, clip, &mut |f| {
        let pct = (f.clamp(0.0, 1.0) * 100.0) as u8;
        if last != Some(pct) {
            last = Some(pct);
            report(ExportProgress { copied_bytes: 0, total_bytes: 0, done: false, rendering: Some(pct) });
        }
    })?;
    copy_with_progress(&settled.path, dest, report)
}

pub fn copy_with_progress(source: &Path, dest: &Path, mut report: impl FnMut(ExportProgress)) -> Result<()> {
    let mut input = std::fs::File::open(source).map_err(Error::io(format!("cannot read {}", source.display())))?;
    let total_bytes = input.metadata().map_err(Error::io(format!("cannot read {}", source.display())))?.len();
    let part = dest.with_extension("part");
    let cannot_write = || Error::io(format!("cannot write {}; pick a folder you can write to", dest.display()));
    let mut output = std::fs::File::create(&part).map_err(cannot_write())?;
    let mut buf = vec![0u8; STEP];
    let mut copied_bytes = 0u64;
    loop {
        let n = input.read(&mut buf).map_err(Error::io(format!("cannot read {}", source.display())))?;
        if n == 0 {
            break;
        }
        output.write_all(&buf[..n]).map_err(cannot_write())?;
        copied_bytes += n as u64;
        report(ExportProgress { copied_bytes, total_bytes, done: false, rendering: None });
    }
    output.sync_all().map_err(cannot_write())?;
    std::fs::rename(&part, dest).map_err(cannot_write())?;
    report(ExportProgress { copied_bytes, total_bytes, done: true, rendering: None });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn export_copies_every_byte_and_reports_progress_to_the_end() {
        let dir = tempfile::tempdir().expect("tempdir");
        let source = dir.path().join("clip.mp4");
        let data: Vec<u8> = (0..(STEP * 2 + 10)).map(|i| (i % 251) as u8).collect();
        std::fs::write(&source, &data).expect("write");
        let dest = dir.path().join("out.mp4");
        let mut seen = Vec::new();
        copy_with_progress(&source, &dest, |p| seen.push(p)).expect("copies");
        assert_eq!(std::fs::read(&dest).expect("read"), data);
        assert_eq!(seen.len(), 4);
        let last = seen.last().expect("progress");
        assert!(last.done && last.copied_bytes == last.total_bytes);
        assert!(!dir.path().join("out.part").exists());
    }

    #[test]
    fn the_offered_exports_folder_is_made_on_first_use_but_no_other() {
        let dir = tempfile::tempdir().expect("tempdir");
        let source = dir.path().join("clip.mp4");
        std::fs::write(&source, b"clip").expect("write");
        let dest = exports_dir(dir.path()).join("clip.mp4");
        make_exports_dir_for(dir.path(), &dest).expect("made");
        copy_with_progress(&source, &dest, |_| {}).expect("copies");
        assert_eq!(std::fs::read(&dest).expect("read"), b"clip");
        let elsewhere = dir.path().join("typo/clip.mp4");
        make_exports_dir_for(dir.path(), &elsewhere).expect("nothing to do");
        assert!(!dir.path().join("typo").exists());
    }

    #[test]
    fn an_unwritable_destination_says_so_and_leaves_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let source = dir.path().join("clip.mp4");
        std::fs::write(&source, b"x").expect("write");
        let err = copy_with_progress(&source, &dir.path().join("missing/out.mp4"), |_| {}).expect_err("fails");
        assert!(err.to_string().contains("pick a folder"), "{err}");
    }
}
