//! Shared test harness: a private Xvfb and PulseAudio, and decoding helpers.
#![allow(dead_code, clippy::unwrap_used)]

pub mod decode;
pub mod env;
pub mod record;
