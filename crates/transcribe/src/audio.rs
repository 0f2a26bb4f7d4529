//! A clip's speech as engines take it: the first audio track, decoded and
//! resampled by FFmpeg (swresample) to 16 kHz mono 32-bit float.

use std::path::Path;

use ffmpeg::{ChannelLayout, format, frame, media, software::resampling};
use ffmpeg_next as ffmpeg;

use crate::{Error, Result};

/// The rate every Whisper model is trained on.
pub const SAMPLE_RATE: u32 = 16_000;

/// Decodes the first audio track of `path` (any container FFmpeg reads) to
/// 16 kHz mono samples. A file without audio is [`Error::NoAudio`].
pub fn decode_speech(path: &Path) -> Result<Vec<f32>> {
    let shown = path.display().to_string();
    let fail = |reason: ffmpeg::Error| Error::Decode { path: shown.clone(), reason: reason.to_string() };
    ffmpeg::init().map_err(fail)?;
    let mut input = format::input(path).map_err(fail)?;
    let stream = input.streams().best(media::Type::Audio).ok_or_else(|| Error::NoAudio { path: shown.clone() })?;
    let index = stream.index();
    let mut decoder = ffmpeg::codec::context::Context::from_parameters(stream.parameters())
        .map_err(fail)?
        .decoder()
        .audio()
        .map_err(fail)?;
    let mut resampler: Option<resampling::Context> = None;
    let mut out = Vec::new();
    let mut decoded = frame::Audio::empty();
    let mut drain = |decoder: &mut ffmpeg::decoder::Audio, out: &mut Vec<f32>| -> Result<()> {
        while decoder.receive_frame(&mut decoded).is_ok() {
            if decoded.channel_layout().is_empty() {
                decoded.set_channel_layout(ChannelLayout::default(i32::from(decoded.channels())));
            }
            let r = match &mut resampler {
                Some(r) => r,
                None => resampler.insert(
                    resampling::Context::get(
                        decoded.format(),
                        decoded.channel_layout(),
                        decoded.rate(),
                        format::Sample::F32(format::sample::Type::Packed),
                        ChannelLayout::MONO,
                        SAMPLE_RATE,
                    )
                    .map_err(fail)?,
                ),
            };
            let mut mono = frame::Audio::empty();
            r.run(&decoded, &mut mono).map_err(fail)?;
            out.extend_from_slice(&mono.plane::<f32>(0)[..mono.samples()]);
        }
        Ok(())
    };
    for (stream, packet) in input.packets() {
        if stream.index() == index {
            decoder.send_packet(&packet).map_err(fail)?;
            drain(&mut decoder, &mut out)?;
        }
    }
    decoder.send_eof().map_err(fail)?;
    drain(&mut decoder, &mut out)?;
    // The resampler holds back a few milliseconds for its filter.
    if let Some(r) = resampler.as_mut() {
        let mut mono = frame::Audio::empty();
        while r.flush(&mut mono).is_ok() && mono.samples() > 0 {
            out.extend_from_slice(&mono.plane::<f32>(0)[..mono.samples()]);
        }
    }
    Ok(out)
}
