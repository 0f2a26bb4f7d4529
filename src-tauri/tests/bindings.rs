//! The TypeScript bindings in `ui/src/app/bindings.ts` are generated from the
//! Rust commands, never edited by hand: this test regenerates them and fails
//! when the committed file was stale (after rewriting it, so the fix is to
//! commit the new file).

use std::path::Path;

#[test]
fn typescript_bindings_match_the_rust_commands() {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join(afterword_desktop::commands::BINDINGS);
    let dir = tempfile::tempdir().expect("tempdir");
    let fresh = dir.path().join("bindings.ts");
    afterword_desktop::commands::builder()
        .export(afterword_desktop::commands::typescript(), &fresh)
        .expect("bindings export");
    let fresh = std::fs::read_to_string(&fresh).expect("read fresh bindings");
    let old = std::fs::read_to_string(&committed).unwrap_or_default();
    if old != fresh {
        std::fs::write(&committed, &fresh).expect("rewrite bindings");
        panic!("{} was stale and has been regenerated; commit it", committed.display());
    }
}
