//! Encoders: H.264 profiles as data, probed by really opening them (hardware
//! first, libx264 last), and AAC at 48 kHz, every input brought onto the
//! timeline first ([`Conform`]).

mod audio;
mod conform;
pub(crate) mod convert;
mod video;

pub(crate) use audio::AudioEncoder;
pub(crate) use conform::{Conform, Placed};
pub(crate) use convert::Converter;
pub(crate) use video::{VideoEncoder, output_size};

use std::sync::OnceLock;

use ffmpeg::{Dictionary, Rational, codec, encoder, format::Pixel};
use ffmpeg_next as ffmpeg;

/// What went wrong opening or running an encoder.
#[derive(Debug, thiserror::Error)]
pub enum EncodeError {
    /// No H.264 encoder opened on this machine.
    #[error(
        "no H.264 encoder could be opened ({tried}); install FFmpeg with libx264 (Debian: `apt-get install libavcodec-extra`)"
    )]
    NoVideoEncoder { tried: String },
    /// The named encoder is not one of the known profiles, or did not open.
    #[error("encoder {name} is not available here (unknown, or it did not open on this machine)")]
    Unavailable { name: String },
    /// The AAC encoder did not open.
    #[error("the AAC audio encoder did not open: {0}")]
    Audio(ffmpeg::Error),
    /// FFmpeg refused a frame or failed while encoding.
    #[error("{stage} failed: {source}")]
    Ffmpeg { stage: &'static str, source: ffmpeg::Error },
    /// Sound at this rate cannot be brought to the clip's 48 kHz.
    #[error("cannot resample {rate} Hz sound to 48 kHz: {reason}")]
    Resample { rate: u32, reason: String },
}

/// Time base of video timestamps handed to encoders and the muxer (ms).
pub(crate) const VIDEO_TIME_BASE: Rational = Rational(1, 1000);
/// Audio sample rate of every clip.
pub(crate) const AUDIO_RATE: u32 = 48_000;

/// One way to make H.264, as data: ffmpeg encoder name, input pixel format
/// and private options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EncoderProfile {
    /// FFmpeg's encoder name, e.g. `libx264`.
    pub name: &'static str,
    pub hardware: bool,
    pub(crate) pixel: Pixel,
    pub(crate) options: &'static [(&'static str, &'static str)],
}

/// Preference order: hardware first; libx264 is the fallback that always
/// exists on the supported builds.
///
/// HACK: h264_vaapi needs hardware frames (a `hwupload` stage with a VAAPI
/// device), which ffmpeg-next does not expose without unsafe code; it is
/// probed with system-memory frames and so only opens on drivers that accept them.
pub const VIDEO_PROFILES: &[EncoderProfile] = &[
    EncoderProfile { name: "h264_vaapi", hardware: true, pixel: Pixel::NV12, options: &[] },
    EncoderProfile {
        name: "h264_nvenc",
        hardware: true,
        pixel: Pixel::YUV420P,
        options: &[("preset", "p4"), ("rc", "vbr"), ("cq", "23")],
    },
    EncoderProfile {
        name: "h264_qsv",
        hardware: true,
        pixel: Pixel::NV12,
        options: &[("preset", "veryfast"), ("global_quality", "23")],
    },
    EncoderProfile {
        name: "h264_videotoolbox",
        hardware: true,
        pixel: Pixel::NV12,
        options: &[("realtime", "1"), ("q:v", "60")],
    },
    EncoderProfile {
        name: "h264_mf",
        hardware: true,
        pixel: Pixel::NV12,
        options: &[("rate_control", "quality"), ("scenario", "display_remoting")],
    },
    // Screen content: CRF spends bits only where pixels change, so a still
    // desktop costs almost nothing. A keyframe the recorder asks for (a
    // still screen sends a frame a second) is an IDR, so a player can start
    // there; without `forced-idr` x264 made a plain I-frame.
    // No B-frames: with the frame rate following the screen, x264's
    // reordered decode times came out equal for two packets and the MP4
    // muxer refused the file; for screen content they saved little. No
    // lookahead: x264 holds back as many frames as it looks ahead, and at a
    // frame a second on a still screen a 5-frame lookahead kept 5 s out of
    // the file a crash leaves (the kill -9 test caught it); frame threads
    // and the preset's lookahead also held ~100 MB at 1080p. `subme=1`
    // (one quarter-pixel step, the preset's 2 made two): nearly all of a
    // screen recording's CPU is x264 looking at macroblocks that did not
    // change, and this cut it by ~15 % at the same SSIM. Threads: see
    // `x264_threads`.
    EncoderProfile {
        name: "libx264",
        hardware: false,
        pixel: Pixel::YUV420P,
        options: &[
            ("preset", "veryfast"),
            ("crf", "23"),
            ("profile", "high"),
            ("forced-idr", "1"),
            ("bf", "0"),
            ("x264-params", X264_PARAMS),
        ],
    },
];

const X264_PARAMS: &str = "rc-lookahead=0:sync-lookahead=0:subme=1";

/// x264's threads for a picture of `pixels`: one up to 1080p, where a
/// screen's frames are mostly unchanged and one thread keeps up with a
/// busy one at 30 fps on 2 cores (slices cost ~5 % more bytes and a
/// hand-over per frame); above it, threads that share each frame (sliced:
/// no frames held back).
fn x264_threads(pixels: u64) -> (&'static str, bool) {
    if pixels <= 1920 * 1080 { ("1", false) } else { ("auto", true) }
}

/// Result of probing one encoder profile.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct EncoderInfo {
    pub name: &'static str,
    pub hardware: bool,
    /// True when the encoder really opened at 1280×720.
    pub opens: bool,
    /// Why it did not open, when it did not.
    pub error: Option<String>,
}

pub(crate) fn init() {
    static INIT: OnceLock<()> = OnceLock::new();
    INIT.get_or_init(|| {
        if let Err(e) = ffmpeg::init() {
            tracing::error!(error = %e, "ffmpeg init failed");
        }
        ffmpeg::log::set_level(ffmpeg::log::Level::Error);
    });
}

/// Probe every H.264 profile and AAC by opening them (cached per process).
/// This is what `afterword doctor` lists.
pub fn encoders() -> Vec<EncoderInfo> {
    static PROBE: OnceLock<Vec<EncoderInfo>> = OnceLock::new();
    PROBE
        .get_or_init(|| {
            init();
            // Failing probes log loudly; they are expected on most machines.
            ffmpeg::log::set_level(ffmpeg::log::Level::Fatal);
            let mut out: Vec<EncoderInfo> = VIDEO_PROFILES
                .iter()
                .map(|p| {
                    let r = open_video(p, 1280, 720, 30, false);
                    EncoderInfo {
                        name: p.name,
                        hardware: p.hardware,
                        opens: r.is_ok(),
                        error: r.err().map(|e| e.to_string()),
                    }
                })
                .collect();
            let aac = open_audio(false);
            out.push(EncoderInfo {
                name: "aac",
                hardware: false,
                opens: aac.is_ok(),
                error: aac.err().map(|e| e.to_string()),
            });
            ffmpeg::log::set_level(ffmpeg::log::Level::Error);
            out
        })
        .clone()
}

/// The first video profile that opens, or the named one.
pub(crate) fn pick_video(name: Option<&str>) -> Result<&'static EncoderProfile, EncodeError> {
    let probed = encoders();
    let opens = |n: &str| probed.iter().any(|e| e.name == n && e.opens);
    if let Some(name) = name {
        return VIDEO_PROFILES
            .iter()
            .find(|p| p.name == name && opens(p.name))
            .ok_or_else(|| EncodeError::Unavailable { name: name.to_owned() });
    }
    VIDEO_PROFILES.iter().find(|p| opens(p.name)).ok_or_else(|| EncodeError::NoVideoEncoder {
        tried: VIDEO_PROFILES.iter().map(|p| p.name).collect::<Vec<_>>().join(", "),
    })
}

/// Open an H.264 encoder for `width`×`height` at `fps`.
pub(crate) fn open_video(
    profile: &EncoderProfile,
    width: u32,
    height: u32,
    fps: u32,
    global_header: bool,
) -> Result<encoder::Video, EncodeError> {
    let fail = |source| EncodeError::Ffmpeg { stage: "opening the video encoder", source };
    let codec = encoder::find_by_name(profile.name)
        .ok_or_else(|| EncodeError::Unavailable { name: profile.name.to_owned() })?;
    let mut enc = codec::context::Context::new_with_codec(codec).encoder().video().map_err(fail)?;
    enc.set_width(width);
    enc.set_height(height);
    enc.set_format(profile.pixel);
    enc.set_time_base(VIDEO_TIME_BASE);
    enc.set_frame_rate(Some(Rational(i32::try_from(fps).unwrap_or(30), 1)));
    // A keyframe every 2 s: cheap on still screens, and seeking stays snappy.
    enc.set_gop(fps.saturating_mul(2).max(1));
    if global_header {
        enc.set_flags(codec::Flags::GLOBAL_HEADER);
    }
    let mut opts = Dictionary::new();
    for (k, v) in profile.options {
        opts.set(k, v);
    }
    if profile.name == "libx264" {
        let (threads, sliced) = x264_threads(u64::from(width) * u64::from(height));
        opts.set("threads", threads);
        if sliced {
            opts.set("x264-params", &format!("{X264_PARAMS}:sliced-threads=1"));
        }
    }
    enc.open_as_with(codec, opts).map_err(fail)
}

/// Open the AAC encoder: 48 kHz stereo, 128 kb/s.
pub(crate) fn open_audio(global_header: bool) -> Result<encoder::Audio, EncodeError> {
    let codec = encoder::find(codec::Id::AAC).ok_or(EncodeError::Audio(ffmpeg::Error::EncoderNotFound))?;
    let mut enc = codec::context::Context::new_with_codec(codec).encoder().audio().map_err(EncodeError::Audio)?;
    enc.set_rate(AUDIO_RATE as i32);
    enc.set_format(ffmpeg::format::Sample::F32(ffmpeg::format::sample::Type::Planar));
    enc.set_channel_layout(ffmpeg::ChannelLayout::STEREO);
    enc.set_channels(2);
    enc.set_bit_rate(128_000);
    enc.set_time_base(Rational(1, AUDIO_RATE as i32));
    if global_header {
        enc.set_flags(codec::Flags::GLOBAL_HEADER);
    }
    enc.open_as(codec).map_err(EncodeError::Audio)
}
