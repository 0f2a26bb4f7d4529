//! Decode a clip back into what a person would check: frame times, pixel
//! colours, and the audio samples.

use std::path::Path;

use ffmpeg::software::scaling;
use ffmpeg::{format::Pixel, frame, media};
use ffmpeg_next as ffmpeg;

/// What came out of a clip.
#[derive(Debug, Default)]
pub struct Decoded {
    pub width: u32,
    pub height: u32,
    /// (pts in ms, RGB of the probed pixel) per video frame.
    pub frames: Vec<(i64, [u8; 3])>,
    /// First channel of the audio at its own rate.
    pub audio: Vec<f32>,
    pub audio_rate: u32,
    /// Start time of the first audio sample, in ms.
    pub audio_start_ms: i64,
    pub duration_ms: i64,
}

fn ms(ts: i64, tb: ffmpeg::Rational) -> i64 {
    ts * 1000 * i64::from(tb.0) / i64::from(tb.1)
}

/// Decode every frame; sample the pixel at `probe` (x, y) in each.
pub fn decode(path: &Path, probe: (u32, u32)) -> Decoded {
    ffmpeg::init().unwrap();
    let mut ictx = ffmpeg::format::input(path).unwrap_or_else(|e| panic!("{} does not open: {e}", path.display()));
    let mut out = Decoded { duration_ms: ictx.duration() / 1000, ..Decoded::default() };
    let v = ictx.streams().best(media::Type::Video).expect("a video stream");
    let (vi, vtb) = (v.index(), v.time_base());
    let mut vdec = ffmpeg::codec::context::Context::from_parameters(v.parameters()).unwrap().decoder().video().unwrap();
    let a = ictx.streams().best(media::Type::Audio).map(|a| (a.index(), a.time_base(), a.parameters()));
    // The packets' time base lets the decoder move the first frame's pts
    // past the encoder's priming samples it drops (the MP4's edit list);
    // without it the first frame keeps its packet's earlier pts, and all the
    // audio counted from it reads ~20 ms early.
    let mut adec = a.as_ref().map(|(_, tb, p)| {
        let mut dec = ffmpeg::codec::context::Context::from_parameters(p.clone()).unwrap().decoder();
        dec.set_packet_time_base(*tb);
        dec.audio().unwrap()
    });
    out.width = vdec.width();
    out.height = vdec.height();
    let mut scaler: Option<scaling::Context> = None;
    let mut first_audio = None;
    let mut take_video = |dec: &mut ffmpeg::decoder::Video, out: &mut Decoded| {
        let mut f = frame::Video::empty();
        while dec.receive_frame(&mut f).is_ok() {
            let s = scaler.get_or_insert_with(|| {
                scaling::Context::get(
                    f.format(),
                    f.width(),
                    f.height(),
                    Pixel::RGB24,
                    f.width(),
                    f.height(),
                    scaling::Flags::POINT,
                )
                .unwrap()
            });
            let mut rgb = frame::Video::empty();
            s.run(&f, &mut rgb).unwrap();
            let (x, y) = probe;
            let i = y as usize * rgb.stride(0) + x as usize * 3;
            let d = rgb.data(0);
            out.frames.push((ms(f.timestamp().or(f.pts()).unwrap_or(0), vtb), [d[i], d[i + 1], d[i + 2]]));
        }
    };
    let take_audio = |dec: &mut ffmpeg::decoder::Audio, out: &mut Decoded, first: &mut Option<i64>| {
        let mut f = frame::Audio::empty();
        while dec.receive_frame(&mut f).is_ok() {
            out.audio_rate = f.rate();
            if first.is_none() {
                *first = f.pts();
            }
            out.audio.extend_from_slice(&f.plane::<f32>(0)[..f.samples()]);
        }
    };
    for (stream, packet) in ictx.packets() {
        if stream.index() == vi {
            vdec.send_packet(&packet).unwrap();
            take_video(&mut vdec, &mut out);
        } else if let (Some((ai, _, _)), Some(dec)) = (&a, adec.as_mut())
            && stream.index() == *ai
        {
            dec.send_packet(&packet).unwrap();
            take_audio(dec, &mut out, &mut first_audio);
        }
    }
    vdec.send_eof().unwrap();
    take_video(&mut vdec, &mut out);
    if let Some(dec) = adec.as_mut() {
        dec.send_eof().unwrap();
        take_audio(dec, &mut out, &mut first_audio);
    }
    out.frames.sort_by_key(|f| f.0);
    if let (Some((_, tb, _)), Some(p)) = (&a, first_audio) {
        out.audio_start_ms = ms(p, *tb);
    }
    out
}

/// The largest break in `samples` that steady `tones` (Hz) do not explain:
/// a gap, a cut or a repeated stretch, which a listener hears as a click.
/// Each tone is a sinusoid, which `x[n] - 2cos(w)x[n-1] + x[n-2]` cancels
/// exactly; passed through one such filter per tone, a clean mix leaves only
/// the codec's noise (about 1e-3 of full scale) and a break stands out.
pub fn worst_click(samples: &[f32], rate: u32, tones: &[f64]) -> f64 {
    let mut rest: Vec<f64> = samples.iter().map(|&x| f64::from(x)).collect();
    for &freq in tones {
        let c = 2.0 * (std::f64::consts::TAU * freq / f64::from(rate)).cos();
        rest = rest.windows(3).map(|w| w[2] - c * w[1] + w[0]).collect();
    }
    rest.iter().fold(0.0, |worst, x| worst.max(x.abs()))
}

/// A mix of the system audio (the rig's 440 Hz) and a second source playing
/// 660 Hz (`Pulse::add_tone`): both tones are in
/// `samples`, each 100 times the floor between them (550 Hz), and unbroken;
/// `at` says where, for the message.
pub fn assert_both_tones_unbroken(samples: &[f32], rate: u32, at: &str) {
    let (system_tone, mic_tone) = (power(samples, rate, 440.0), power(samples, rate, 660.0));
    let between = power(samples, rate, 550.0);
    assert!(
        system_tone > 100.0 * between,
        "the system audio's 440 Hz {at}: {system_tone:.3e} vs {between:.3e} at 550 Hz"
    );
    assert!(mic_tone > 100.0 * between, "the microphone's 660 Hz {at}: {mic_tone:.3e} vs {between:.3e} at 550 Hz");
    let click = worst_click(samples, rate, &[440.0, 660.0]);
    assert!(click < 0.01, "the mix clicks {at}: a break of {click:.3} of full scale in the tones");
}

/// Goertzel power of `freq` in `samples`.
pub fn power(samples: &[f32], rate: u32, freq: f64) -> f64 {
    let w = std::f64::consts::TAU * freq / f64::from(rate);
    let c = 2.0 * w.cos();
    let (mut s1, mut s2) = (0.0f64, 0.0f64);
    for &x in samples {
        let s0 = f64::from(x) + c * s1 - s2;
        s2 = s1;
        s1 = s0;
    }
    s1 * s1 + s2 * s2 - c * s1 * s2
}

/// The loudest frequency between 50 Hz and 4 kHz (coarse 10 Hz scan, then 0.5 Hz).
pub fn dominant_frequency(samples: &[f32], rate: u32) -> f64 {
    let best = |lo: f64, hi: f64, step: f64| {
        let mut f = lo;
        let (mut bf, mut bp) = (lo, f64::MIN);
        while f <= hi {
            let p = power(samples, rate, f);
            if p > bp {
                (bf, bp) = (f, p);
            }
            f += step;
        }
        bf
    };
    let coarse = best(50.0, 4000.0, 10.0);
    best(coarse - 10.0, coarse + 10.0, 0.5)
}

/// RMS of a slice.
pub fn rms(samples: &[f32]) -> f32 {
    (samples.iter().map(|s| s * s).sum::<f32>() / samples.len().max(1) as f32).sqrt()
}

/// True when two colours are within `tol` on every channel (H.264 is lossy).
pub fn close(a: [u8; 3], b: [u8; 3], tol: u8) -> bool {
    a.iter().zip(b).all(|(x, y)| x.abs_diff(y) <= tol)
}

/// Every video frame's time (ms) and its luma at `points`, in presentation
/// order; panics on any decoding error.
pub fn luma_at(path: &Path, points: &[(u32, u32)]) -> Vec<(i64, Vec<u8>)> {
    ffmpeg::init().unwrap();
    let mut ictx = ffmpeg::format::input(path).unwrap_or_else(|e| panic!("{} does not open: {e}", path.display()));
    let v = ictx.streams().best(media::Type::Video).expect("a video stream");
    let (vi, vtb) = (v.index(), v.time_base());
    let mut dec = ffmpeg::codec::context::Context::from_parameters(v.parameters()).unwrap().decoder().video().unwrap();
    let mut out = Vec::new();
    let take = |dec: &mut ffmpeg::decoder::Video, out: &mut Vec<(i64, Vec<u8>)>| {
        let mut f = frame::Video::empty();
        while dec.receive_frame(&mut f).is_ok() {
            let (stride, d) = (f.stride(0), f.data(0));
            let ys = points.iter().map(|&(x, y)| d[y as usize * stride + x as usize]).collect();
            out.push((ms(f.timestamp().or(f.pts()).unwrap_or(0), vtb), ys));
        }
    };
    for (stream, packet) in ictx.packets() {
        if stream.index() == vi {
            dec.send_packet(&packet).unwrap_or_else(|e| panic!("a video packet does not decode: {e}"));
            take(&mut dec, &mut out);
        }
    }
    dec.send_eof().unwrap();
    take(&mut dec, &mut out);
    out.sort_by_key(|f| f.0);
    out
}

/// Beep onsets (ms on the clip's timeline): loud after at least 0.3 s quiet.
pub fn onsets(path: &Path) -> Vec<i64> {
    let d = decode(path, (0, 0));
    let rate = i64::from(d.audio_rate);
    let mut out = Vec::new();
    let mut quiet = rate;
    for (i, s) in d.audio.iter().enumerate() {
        if s.abs() > 0.1 {
            if quiet >= rate * 3 / 10 {
                out.push(d.audio_start_ms + i as i64 * 1000 / rate);
            }
            quiet = 0;
        } else {
            quiet += 1;
        }
    }
    out
}
