//! A camera's PipeWire stream on the `pipewire-camera` thread (PipeWire
//! objects are not `Send`): connect to the default server, target the
//! node by name, agree on BGRx/RGBx/YUY2, copy each buffer into [`Latest`].

use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;
use std::time::Instant;

use ffmpeg_next as ffmpeg;
use pipewire as pw;
use pw::spa;
use pw::spa::param::video::{VideoFormat, VideoInfoRaw};

use super::CameraError;
use crate::source::packed_frame;
use crate::source::portal::Latest;

/// The running stream; [`Stream::quit`] ends its main loop.
pub(super) struct Stream {
    quit: pw::channel::Sender<()>,
}

impl Stream {
    pub(super) fn start(node: String, latest: Arc<Latest>) -> Result<Stream, CameraError> {
        let (quit, quit_rx) = pw::channel::channel();
        std::thread::Builder::new()
            .name("pipewire-camera".into())
            .spawn(move || {
                if let Err(e) = run(&node, &latest, quit_rx) {
                    latest.end(format!("PipeWire: {e}"));
                }
            })
            .map_err(|e| CameraError::PipeWire { reason: e.to_string() })?;
        Ok(Stream { quit })
    }

    pub(super) fn quit(&self) {
        let _ = self.quit.send(());
    }
}

#[derive(Default)]
struct Agreed {
    pixel: Option<(ffmpeg::format::Pixel, usize)>,
    width: u32,
    height: u32,
    streaming: bool,
}

fn run(node: &str, latest: &Arc<Latest>, quit: pw::channel::Receiver<()>) -> Result<(), pw::Error> {
    pw::init();
    let mainloop = pw::main_loop::MainLoop::new(None)?;
    let context = pw::context::Context::new(&mainloop)?;
    let core = context.connect(None)?;
    // The camera's node going away (unplugged, its program quit) leaves the
    // stream waiting, not ended: watch the registry for it.
    let registry = core.get_registry()?;
    let id = Rc::new(Cell::new(None::<u32>));
    let _registry_listener = registry
        .add_listener_local()
        .global({
            let (id, node) = (id.clone(), node.to_owned());
            move |global| {
                if global.props.and_then(|p| p.get("node.name")) == Some(node.as_str()) {
                    id.set(Some(global.id));
                }
            }
        })
        .global_remove({
            let (latest, mainloop, id) = (latest.clone(), mainloop.clone(), id.clone());
            move |gone| {
                if id.get() == Some(gone) {
                    latest.end("its PipeWire node was removed".into());
                    mainloop.quit();
                }
            }
        })
        .register();
    let stream = pw::stream::Stream::new(
        &core,
        "afterword-camera",
        pw::properties::properties! {
            *pw::keys::MEDIA_TYPE => "Video",
            *pw::keys::MEDIA_CATEGORY => "Capture",
            *pw::keys::MEDIA_ROLE => "Camera",
            "target.object" => node,
        },
    )?;
    let _listener = stream
        .add_local_listener_with_user_data(Agreed::default())
        .state_changed({
            let (latest, mainloop) = (latest.clone(), mainloop.clone());
            move |_, agreed, _old, new| match new {
                pw::stream::StreamState::Error(e) => {
                    latest.end(format!("the camera's stream failed: {e}"));
                    mainloop.quit();
                }
                pw::stream::StreamState::Unconnected if agreed.streaming => {
                    latest.end("the camera's stream ended".into());
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
                tracing::info!(format = ?info.format(), agreed.width, agreed.height, "camera stream format");
                latest.set_format(agreed.width, agreed.height);
            }
        })
        .process({
            let latest = latest.clone();
            move |stream, agreed| {
                let Some(mut buffer) = stream.dequeue_buffer() else { return };
                let Some((pixel, bytes_per_pixel)) = agreed.pixel else { return };
                let arrived = Instant::now();
                let Some(data) = buffer.datas_mut().first_mut() else { return };
                let (offset, size, stride) =
                    (data.chunk().offset() as usize, data.chunk().size() as usize, data.chunk().stride());
                // pipewiresink reports stride 0: packed rows, then.
                let row = agreed.width as usize * bytes_per_pixel;
                let stride = usize::try_from(stride).ok().filter(|&s| s > 0).unwrap_or(row);
                let Some(bytes) = data.data().and_then(|d| d.get(offset..offset + size)) else { return };
                let frame = packed_frame(pixel, bytes_per_pixel, agreed.width, agreed.height, stride, bytes);
                latest.put(frame, arrived);
            }
        })
        .register()?;

    let format = enum_format();
    let mut params = [spa::pod::Pod::from_bytes(&format).ok_or(pw::Error::CreationFailed)?];
    stream.connect(
        spa::utils::Direction::Input,
        None,
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

/// The FFmpeg pixel format of a PipeWire one we asked for, and its bytes a pixel.
fn pixel(format: VideoFormat) -> Option<(ffmpeg::format::Pixel, usize)> {
    use ffmpeg::format::Pixel;
    Some(match format {
        VideoFormat::BGRx => (Pixel::BGRZ, 4),
        VideoFormat::BGRA => (Pixel::BGRA, 4),
        VideoFormat::RGBx => (Pixel::RGBZ, 4),
        VideoFormat::RGBA => (Pixel::RGBA, 4),
        VideoFormat::YUY2 => (Pixel::YUYV422, 2),
        _ => return None,
    })
}

/// Packed RGB or YUY2, any size and rate.
fn enum_format() -> Vec<u8> {
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
            VideoFormat::RGBx,
            VideoFormat::YUY2,
            VideoFormat::BGRA,
            VideoFormat::RGBA
        ),
        property!(
            FormatProperties::VideoSize,
            Choice,
            Range,
            Rectangle,
            spa::utils::Rectangle { width: 640, height: 480 },
            spa::utils::Rectangle { width: 1, height: 1 },
            spa::utils::Rectangle { width: 4096, height: 4096 }
        ),
        property!(
            FormatProperties::VideoFramerate,
            Choice,
            Range,
            Fraction,
            spa::utils::Fraction { num: 30, denom: 1 },
            spa::utils::Fraction { num: 0, denom: 1 },
            spa::utils::Fraction { num: 120, denom: 1 }
        ),
    );
    spa::pod::serialize::PodSerializer::serialize(std::io::Cursor::new(Vec::new()), &Value::Object(object))
        .map(|(cursor, _)| cursor.into_inner())
        .unwrap_or_default()
}
