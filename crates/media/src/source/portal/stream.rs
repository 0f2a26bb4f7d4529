//! The shared screen's PipeWire stream, on the `pipewire-screen` thread
//! (PipeWire objects are not `Send`): connect with the portal's fd, agree
//! on packed RGB pixels, copy each buffer into a frame for [`Latest`].

use std::os::fd::OwnedFd;
use std::sync::Arc;
use std::time::Instant;

use ffmpeg_next as ffmpeg;
use pipewire as pw;
use pw::spa;
use pw::spa::param::video::{VideoFormat, VideoInfoRaw};

use super::{Latest, PortalError};
use crate::source::packed_frame;

/// The running stream; [`Stream::quit`] ends its main loop.
pub(super) struct Stream {
    quit: pw::channel::Sender<()>,
}

impl Stream {
    /// Starts the thread; formats and frames arrive in `latest`, and so
    /// does the stream's end.
    pub(super) fn start(fd: OwnedFd, node: u32, fps: u32, latest: Arc<Latest>) -> Result<Stream, PortalError> {
        let (quit, quit_rx) = pw::channel::channel();
        std::thread::Builder::new()
            .name("pipewire-screen".into())
            .spawn(move || {
                if let Err(e) = run(fd, node, fps, &latest, quit_rx) {
                    latest.end(format!("PipeWire: {e}"));
                }
            })
            .map_err(|e| PortalError::PipeWire { reason: e.to_string() })?;
        Ok(Stream { quit })
    }

    pub(super) fn quit(&self) {
        let _ = self.quit.send(());
    }
}

/// What the stream agreed on.
#[derive(Default)]
struct Agreed {
    pixel: Option<ffmpeg::format::Pixel>,
    width: u32,
    height: u32,
    streaming: bool,
}

fn run(
    fd: OwnedFd,
    node: u32,
    fps: u32,
    latest: &Arc<Latest>,
    quit: pw::channel::Receiver<()>,
) -> Result<(), pw::Error> {
    pw::init();
    let mainloop = pw::main_loop::MainLoop::new(None)?;
    let context = pw::context::Context::new(&mainloop)?;
    let core = context.connect_fd(fd, None)?;
    let _core_listener = core
        .add_listener_local()
        .error({
            let (latest, mainloop) = (latest.clone(), mainloop.clone());
            move |id, _seq, _res, message| {
                // Errors of other objects than the core are the stream's own
                // (its state says so); the core's is the connection.
                if id == pw::core::PW_ID_CORE {
                    latest.end(format!("PipeWire: {message}"));
                    mainloop.quit();
                }
            }
        })
        .register();
    // The screen's node going away (the portal backend quit, the output
    // was unplugged) leaves the stream paused, not ended: watch for it.
    let registry = core.get_registry()?;
    let _registry_listener = registry
        .add_listener_local()
        .global_remove({
            let (latest, mainloop) = (latest.clone(), mainloop.clone());
            move |id| {
                if id == node {
                    latest.end("the shared screen went away".into());
                    mainloop.quit();
                }
            }
        })
        .register();
    let stream = pw::stream::Stream::new(
        &core,
        "afterword-screen",
        pw::properties::properties! {
            *pw::keys::MEDIA_TYPE => "Video",
            *pw::keys::MEDIA_CATEGORY => "Capture",
            *pw::keys::MEDIA_ROLE => "Screen",
        },
    )?;
    let _listener = stream
        .add_local_listener_with_user_data(Agreed::default())
        .state_changed({
            let (latest, mainloop) = (latest.clone(), mainloop.clone());
            move |_, agreed, _old, new| match new {
                pw::stream::StreamState::Error(e) => {
                    latest.end(format!("the screen's stream failed: {e}"));
                    mainloop.quit();
                }
                pw::stream::StreamState::Unconnected if agreed.streaming => {
                    latest.end("the screen's stream ended".into());
                    mainloop.quit();
                }
                pw::stream::StreamState::Streaming => agreed.streaming = true,
                _ => {}
            }
        })
        .param_changed({
            let latest = latest.clone();
            move |_, agreed, id, param| {
                let Some(param) = param else { return };
                if id != spa::param::ParamType::Format.as_raw() {
                    return;
                }
                let mut info = VideoInfoRaw::default();
                if info.parse(param).is_err() {
                    return;
                }
                agreed.pixel = pixel(info.format());
                (agreed.width, agreed.height) = (info.size().width, info.size().height);
                tracing::info!(format = ?info.format(), agreed.width, agreed.height, "screen stream format");
                latest.set_format(agreed.width, agreed.height);
            }
        })
        .process({
            let latest = latest.clone();
            move |stream, agreed| {
                let Some(mut buffer) = stream.dequeue_buffer() else { return };
                let Some(pixel) = agreed.pixel else { return };
                let arrived = Instant::now();
                let Some(data) = buffer.datas_mut().first_mut() else { return };
                let (offset, size, stride) =
                    (data.chunk().offset() as usize, data.chunk().size() as usize, data.chunk().stride());
                // Some producers leave the stride out: packed rows, then.
                let stride = usize::try_from(stride).ok().filter(|&s| s > 0).unwrap_or(agreed.width as usize * 4);
                if size == 0 {
                    return; // a buffer that only carries metadata (a cursor move)
                }
                let Some(bytes) = data.data().and_then(|d| d.get(offset..offset + size)) else { return };
                latest.put(packed_frame(pixel, 4, agreed.width, agreed.height, stride, bytes), arrived);
            }
        })
        .register()?;

    let format = enum_format(fps);
    let mut params = [spa::pod::Pod::from_bytes(&format).ok_or(pw::Error::CreationFailed)?];
    stream.connect(
        spa::utils::Direction::Input,
        Some(node),
        pw::stream::StreamFlags::AUTOCONNECT | pw::stream::StreamFlags::MAP_BUFFERS,
        &mut params,
    )?;
    let _quit = quit.attach(mainloop.loop_(), {
        let mainloop = mainloop.clone();
        move |()| mainloop.quit()
    });
    mainloop.run();
    let _ = stream.disconnect();
    Ok(())
}

/// The FFmpeg pixel format of a PipeWire one we asked for.
fn pixel(format: VideoFormat) -> Option<ffmpeg::format::Pixel> {
    use ffmpeg::format::Pixel;
    Some(match format {
        VideoFormat::BGRx => Pixel::BGRZ,
        VideoFormat::BGRA => Pixel::BGRA,
        VideoFormat::RGBx => Pixel::RGBZ,
        VideoFormat::RGBA => Pixel::RGBA,
        _ => return None,
    })
}

/// The formats we take: packed 32-bit RGB in either order, any size, up to
/// `fps` frames a second.
fn enum_format(fps: u32) -> Vec<u8> {
    use spa::param::format::{FormatProperties, MediaSubtype, MediaType};
    use spa::pod::{Value, property};
    let object = spa::pod::object!(
        spa::utils::SpaTypes::ObjectParamFormat,
        spa::param::ParamType::EnumFormat,
        property!(FormatProperties::MediaType, Id, MediaType::Video),
        property!(FormatProperties::MediaSubtype, Id, MediaSubtype::Raw),
        property!(
            FormatProperties::VideoFormat,
            Choice,
            Enum,
            Id,
            VideoFormat::BGRx,
            VideoFormat::BGRx,
            VideoFormat::BGRA,
            VideoFormat::RGBx,
            VideoFormat::RGBA
        ),
        property!(
            FormatProperties::VideoSize,
            Choice,
            Range,
            Rectangle,
            spa::utils::Rectangle { width: 1920, height: 1080 },
            spa::utils::Rectangle { width: 1, height: 1 },
            spa::utils::Rectangle { width: 16384, height: 16384 }
        ),
        property!(
            FormatProperties::VideoFramerate,
            Choice,
            Range,
            Fraction,
            spa::utils::Fraction { num: fps, denom: 1 },
            spa::utils::Fraction { num: 0, denom: 1 },
            spa::utils::Fraction { num: fps.max(1), denom: 1 }
        ),
    );
    spa::pod::serialize::PodSerializer::serialize(std::io::Cursor::new(Vec::new()), &Value::Object(object))
        .map(|(cursor, _)| cursor.into_inner())
        .unwrap_or_default()
}
