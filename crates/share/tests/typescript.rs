//! The viewer's TypeScript types (`ui/src/viewer/types.ts`) are generated
//! from the Rust views the share server sends (`afterword_share::views`),
//! never edited by hand: this test regenerates them and fails when the
//! committed file was stale (after rewriting it, so the fix is to commit the
//! new file) — as the desktop app's `bindings.ts` is checked.

use std::{borrow::Cow, path::Path};

use afterword_share::views::{FeedbackView, LinkView};
use specta::{
    Type, Types,
    datatype::{DataType, Fields, Primitive},
};

/// Where the generated types live, relative to this crate.
const TYPES: &str = "../../ui/src/viewer/types.ts";

const HEADER: &str = "// Generated from the share server's views (crates/share/src/views.rs) by specta. Do not edit:\n\
                      // `cargo test -p afterword-share --test typescript` rewrites it.\n";

/// Serde's rules, with u64 as a TypeScript `number` (as the app's bindings
/// do): milliseconds and view counts stay far below 2^53.
struct Format;

impl specta::Format for Format {
    fn map_types(&'_ self, types: &Types) -> Result<Cow<'_, Types>, specta::FormatError> {
        let types = specta_serde::Format.map_types(types)?.into_owned();
        Ok(Cow::Owned(types.map(|mut ndt| {
            if let Some(dt) = &mut ndt.ty {
                numbers(dt);
            }
            ndt
        })))
    }

    fn map_type(&'_ self, types: &Types, dt: &DataType) -> Result<Cow<'_, DataType>, specta::FormatError> {
        let mut dt = specta_serde::Format.map_type(types, dt)?.into_owned();
        numbers(&mut dt);
        Ok(Cow::Owned(dt))
    }
}

/// Turns every u64 in `dt` into a TypeScript `number`.
fn numbers(dt: &mut DataType) {
    match dt {
        DataType::Primitive(Primitive::u64) => {
            *dt = specta_typescript::Number::<()>::definition(&mut Types::default());
        }
        DataType::List(list) => numbers(&mut list.ty),
        DataType::Nullable(inner) => numbers(inner),
        DataType::Struct(s) => fields(&mut s.fields),
        DataType::Enum(e) => e.variants.iter_mut().for_each(|(_, v)| fields(&mut v.fields)),
        DataType::Tuple(t) => t.elements.iter_mut().for_each(numbers),
        _ => {}
    }
}

fn fields(fields: &mut Fields) {
    match fields {
        Fields::Unit => {}
        Fields::Unnamed(f) => f.fields.iter_mut().filter_map(|f| f.ty.as_mut()).for_each(numbers),
        Fields::Named(f) => f.fields.iter_mut().filter_map(|(_, f)| f.ty.as_mut()).for_each(numbers),
    }
}

#[test]
fn typescript_types_match_the_viewer_api() {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join(TYPES);
    let types = Types::default().register::<FeedbackView>().register::<LinkView>();
    let fresh = specta_typescript::Typescript::default().header(HEADER).export(&types, Format).expect("export");
    let old = std::fs::read_to_string(&committed).unwrap_or_default();
    if old != fresh {
        std::fs::write(&committed, &fresh).expect("rewrite the types");
        panic!("{} was stale and has been regenerated; commit it", committed.display());
    }
}
