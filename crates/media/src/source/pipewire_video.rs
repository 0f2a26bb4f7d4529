//! A PipeWire video stream read into [`Latest`] (its newest picture), on
//! its own named thread (PipeWire objects are not `Send`): the portal's
//! shared screen (through
//! the portal's fd, a node by id) and a camera (the default server, a node
//! by name) differ only in a [`Spec`]. Formats and pictures arrive in
//! `Latest`, and so does the stream's end: an error, the stream stopping,
//! or its node leaving the registry (a node that goes away leaves a stream
//! waiting, not ended).

use std::cell::Cell;
use std::os::fd::OwnedFd;
use std::rc::Rc;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use ffmpeg_next as ffmpeg;
use pipewire as pw;
use pw::spa;
use pw::spa::param::video::{VideoFormat, VideoInfoRaw};

use super::{VideoFrame, packed_frame, pipewire_damage};

/// Where the stream's node is.
pub(crate) enum Node {
    /// On the connection the portal opened for us (`OpenPipeWireRemote`), by id.
    Portal { fd: OwnedFd, id: u32 },
    /// On the default server, by `node.name`.
    Named(String),
}

/// One kind of video stream.
pub(crate) struct Spec {
    /// The thread's name, e.g. `pipewire-screen`.
    pub thread: &'static str,
    /// The stream's name and its `media.role` (`Screen`, `Camera`).
    pub name: &'static str,
    pub role: &'static str,
    /// What it is, in messages ("screen", "camera").
    pub what: &'static str,
    /// Why the stream ended when its node left the registry.
    pub gone: &'static str,
    pub node: Node,
    /// The pixel formats taken, in order of preference.
    pub formats: &'static [VideoFormat],
    /// The size proposed, and the largest taken.
    pub size: (u32, u32),
    pub largest: (u32, u32),
    /// Pictures a second: the rate proposed, and the most taken.
    pub fps: (u32, u32),
    /// A screen: ask for the parts each picture changed, or find them
    /// ([`super::pipewire_damage`]); a still screen makes no new picture.
    pub damage: bool,
}

/// The running stream; [`Stream::quit`] ends its main loop.
pub(crate) struct Stream {
    quit: pw::channel::Sender<()>,
}

impl Stream {
    /// Starts the stream's thread.
    pub(crate) fn start(spec: Spec, latest: Arc<Latest>) -> std::io::Result<Stream> {
        let (quit, quit_rx) = pw::channel::channel();
        std::thread::Builder::new().name(spec.thread.into()).spawn(move || {
            if let Err(e) = run(spec, &latest, quit_rx) {
                latest.end(format!("PipeWire: {e}"));
            }
        })?;
        Ok(Stream { quit })
    }

    pub(crate) fn quit(&self) {
        let _ = self.quit.send(());
    }
}

/// What the stream agreed on.
#[derive(Default)]
struct Agreed {
    pixel: Option<(ffmpeg::format::Pixel, usize)>,
    width: u32,
    height: u32,
    streaming: bool,
}

fn run(spec: Spec, latest: &Arc<Latest>, quit: pw::channel::Receiver<()>) -> Result<(), pw::Error> {
    pw::init();
    let mainloop = pw::main_loop::MainLoop::new(None)?;
    let context = pw::context::Context::new(&mainloop)?;
    let (core, target) = match spec.node {
        Node::Portal { fd, id } => (context.connect_fd(fd, None)?, Target::Id(id)),
        Node::Named(name) => (context.connect(None)?, Target::Name(name)),
    };
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
    let registry = core.get_registry()?;
    let node_id = Rc::new(Cell::new(match &target {
        Target::Id(id) => Some(*id),
        Target::Name(_) => None,
    }));
    let _registry_listener = registry
        .add_listener_local()
        .global({
            let (node_id, name) = (node_id.clone(), target.name().map(str::to_owned));
            move |global| {
                if name.is_some() && global.props.and_then(|p| p.get("node.name")) == name.as_deref() {
                    node_id.set(Some(global.id));
                }
            }
        })
        .global_remove({
            let (latest, mainloop, node_id, gone) = (latest.clone(), mainloop.clone(), node_id.clone(), spec.gone);
            move |removed| {
                if node_id.get() == Some(removed) {
                    latest.end(gone.into());
                    mainloop.quit();
                }
            }
        })
        .register();
    let mut props = pw::properties::properties! {
        *pw::keys::MEDIA_TYPE => "Video",
        *pw::keys::MEDIA_CATEGORY => "Capture",
        *pw::keys::MEDIA_ROLE => spec.role,
    };
    if let Some(name) = target.name() {
        props.insert("target.object", name);
    }
    let stream = pw::stream::Stream::new(&core, spec.name, props)?;
    let what = spec.what;
    let _listener = stream
        .add_local_listener_with_user_data(Agreed::default())
        .state_changed({
            let (latest, mainloop) = (latest.clone(), mainloop.clone());
            move |_, agreed, _old, new| match new {
                pw::stream::StreamState::Error(e) => {
                    latest.end(format!("the {what}'s stream failed: {e}"));
                    mainloop.quit();
                }
                pw::stream::StreamState::Unconnected if agreed.streaming => {
                    latest.end(format!("the {what}'s stream ended"));
                    mainloop.quit();
                }
                pw::stream::StreamState::Streaming => agreed.streaming = true,
                _ => {}
            }
        })
        .param_changed({
            let (latest, damage) = (latest.clone(), spec.damage);
            move |stream, agreed, id, param| {
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
                tracing::info!(what, format = ?info.format(), agreed.width, agreed.height, "video stream format");
                if damage {
                    let meta = pipewire_damage::meta_param();
                    if let Some(pod) = spa::pod::Pod::from_bytes(&meta)
                        && let Err(e) = stream.update_params(&mut [pod])
                    {
                        tracing::warn!(what, error = %e, "no damage lists asked for: whole pictures");
                    }
                }
                latest.set_format(agreed.width, agreed.height, agreed.pixel.map(|(pixel, _)| pixel));
            }
        })
        .process({
            let (latest, screen) = (latest.clone(), spec.damage);
            move |stream, agreed| {
                let Some(mut buffer) = Dequeued::next(stream) else { return };
                let Some((pixel, bytes_per_pixel)) = agreed.pixel else { return };
                let arrived = Instant::now();
                // Only a screen's stream asked for damage lists.
                let listed = if screen { buffer.changed(agreed.width, agreed.height) } else { None };
                let Some(data) = buffer.datas_mut().first_mut() else { return };
                let (offset, size, stride) =
                    (data.chunk().offset() as usize, data.chunk().size() as usize, data.chunk().stride());
                if size == 0 {
                    return; // a buffer that only carries metadata (a cursor move)
                }
                // Some producers (pipewiresink) leave the stride out: packed rows, then.
                let row = agreed.width as usize * bytes_per_pixel;
                let stride = usize::try_from(stride).ok().filter(|&s| s > 0).unwrap_or(row);
                let Some(bytes) = data.data().and_then(|d| d.get(offset..offset + size)) else { return };
                // A screen's picture is compared with the newest where its
                // list says to look, or everywhere.
                let changed = if screen {
                    let layout = (pixel, agreed.width, agreed.height);
                    match latest.compare(bytes, stride, bytes_per_pixel, layout, listed.as_deref()) {
                        Some(parts) if parts.is_empty() => return, // the same picture: none new
                        Some(parts) => Some(parts),
                        // Nothing to compare with (the first picture, a new
                        // size, a short buffer): all of it.
                        None => None,
                    }
                } else {
                    None
                };
                let frame = packed_frame(pixel, bytes_per_pixel, agreed.width, agreed.height, stride, bytes);
                latest.put(frame, arrived, changed);
            }
        })
        .register()?;

    let format = enum_format(spec.formats, spec.size, spec.largest, spec.fps);
    let mut params = [spa::pod::Pod::from_bytes(&format).ok_or(pw::Error::CreationFailed)?];
    stream.connect(
        spa::utils::Direction::Input,
        match target {
            Target::Id(id) => Some(id),
            Target::Name(_) => None,
        },
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

/// A buffer taken from the stream, queued back when dropped. Raw, because
/// the `pipewire` crate's `Buffer` (0.8, 0.9) shows a buffer's data but not
/// its metas; 0.10's `find_meta` does, but the lock file is held at 0.8 by
/// scap (ARCHITECTURE.md, "pipewire 0.8, not 0.9"). The one place this crate
/// reads memory it did not type itself.
struct Dequeued<'s> {
    stream: &'s pw::stream::StreamRef,
    raw: std::ptr::NonNull<pw::sys::pw_buffer>,
}

#[allow(unsafe_code)]
impl<'s> Dequeued<'s> {
    fn next(stream: &'s pw::stream::StreamRef) -> Option<Self> {
        // SAFETY: called on the stream's thread, in its `process` callback.
        let raw = std::ptr::NonNull::new(unsafe { stream.dequeue_raw_buffer() })?;
        Some(Dequeued { stream, raw })
    }

    fn spa(&self) -> Option<&spa::sys::spa_buffer> {
        // SAFETY: a dequeued buffer stays valid until it is queued back (on drop).
        unsafe { self.raw.as_ref().buffer.as_ref() }
    }

    /// Its data planes.
    fn datas_mut(&mut self) -> &mut [spa::buffer::Data] {
        match self.spa() {
            Some(b) if b.n_datas > 0 && !b.datas.is_null() => {
                let (datas, n) = (b.datas, b.n_datas as usize);
                // SAFETY: `datas` holds `n_datas` planes, ours while dequeued;
                // `Data` is a transparent wrapper of `spa_data` (the crate's
                // own `Buffer::datas_mut` casts the same way).
                unsafe { std::slice::from_raw_parts_mut(datas.cast::<spa::buffer::Data>(), n) }
            }
            _ => &mut [],
        }
    }

    /// The parts its picture changed, as its damage meta lists them.
    fn changed(&self, width: u32, height: u32) -> Option<Vec<super::Patch>> {
        let spa = self.spa()?;
        // SAFETY: dequeued, not yet queued back.
        unsafe { pipewire_damage::changed(spa, width, height) }
    }
}

#[allow(unsafe_code)]
impl Drop for Dequeued<'_> {
    fn drop(&mut self) {
        // SAFETY: dequeued from this stream and queued back once.
        unsafe { self.stream.queue_raw_buffer(self.raw.as_ptr()) }
    }
}

/// The node as the stream's thread targets it.
enum Target {
    Id(u32),
    Name(String),
}

impl Target {
    fn name(&self) -> Option<&str> {
        match self {
            Target::Name(name) => Some(name),
            Target::Id(_) => None,
        }
    }
}

/// The FFmpeg pixel format of a PipeWire one we take, and its bytes a pixel.
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

/// `formats` (the first preferred), `size` proposed up to `largest`, `fps`
/// (proposed, most) pictures a second.
fn enum_format(formats: &[VideoFormat], size: (u32, u32), largest: (u32, u32), fps: (u32, u32)) -> Vec<u8> {
    use spa::param::format::{FormatProperties, MediaSubtype, MediaType};
    use spa::pod::{ChoiceValue, Property, PropertyFlags, Value};
    use spa::utils::{Choice, ChoiceEnum, ChoiceFlags, Fraction, Id, Rectangle};
    let choice = |value| Property { key: 0, flags: PropertyFlags::empty(), value };
    let ids: Vec<Id> = formats.iter().map(|f| Id(f.as_raw())).collect();
    let first = ids.first().copied().unwrap_or(Id(VideoFormat::BGRx.as_raw()));
    let object = spa::pod::Object {
        type_: spa::utils::SpaTypes::ObjectParamFormat.as_raw(),
        id: spa::param::ParamType::EnumFormat.as_raw(),
        properties: vec![
            Property { key: FormatProperties::MediaType.as_raw(), ..choice(Value::Id(Id(MediaType::Video.as_raw()))) },
            Property {
                key: FormatProperties::MediaSubtype.as_raw(),
                ..choice(Value::Id(Id(MediaSubtype::Raw.as_raw())))
            },
            Property {
                key: FormatProperties::VideoFormat.as_raw(),
                ..choice(Value::Choice(ChoiceValue::Id(Choice(
                    ChoiceFlags::empty(),
                    ChoiceEnum::Enum { default: first, alternatives: ids },
                ))))
            },
            Property {
                key: FormatProperties::VideoSize.as_raw(),
                ..choice(Value::Choice(ChoiceValue::Rectangle(Choice(
                    ChoiceFlags::empty(),
                    ChoiceEnum::Range {
                        default: Rectangle { width: size.0, height: size.1 },
                        min: Rectangle { width: 1, height: 1 },
                        max: Rectangle { width: largest.0, height: largest.1 },
                    },
                ))))
            },
            Property {
                key: FormatProperties::VideoFramerate.as_raw(),
                ..choice(Value::Choice(ChoiceValue::Fraction(Choice(
                    ChoiceFlags::empty(),
                    ChoiceEnum::Range {
                        default: Fraction { num: fps.0.max(1), denom: 1 },
                        min: Fraction { num: 0, denom: 1 },
                        max: Fraction { num: fps.1.max(fps.0).max(1), denom: 1 },
                    },
                ))))
            },
        ],
    };
    spa::pod::serialize::PodSerializer::serialize(std::io::Cursor::new(Vec::new()), &Value::Object(object))
        .map(|(cursor, _)| cursor.into_inner())
        .unwrap_or_default()
}

/// The newest frame from the PipeWire thread, and whether the stream ended.
#[derive(Debug, Default)]
pub(crate) struct Latest {
    state: Mutex<LatestState>,
    changed: Condvar,
}

#[derive(Default)]
struct LatestState {
    /// Frames received so far, and the newest.
    count: u64,
    /// The newest frame, and when it arrived.
    frame: Option<(ffmpeg_next::frame::Video, Instant)>,
    /// What each of the last frames changed.
    changed: pipewire_damage::History,
    format: Option<(u32, u32)>,
    pixel: Option<ffmpeg::format::Pixel>,
    ended: Option<String>,
}

impl std::fmt::Debug for LatestState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LatestState").field("count", &self.count).field("ended", &self.ended).finish()
    }
}

/// Why [`Latest::wait_for_format`] has no size.
pub(crate) enum NoFormat {
    /// The stream ended first, for this reason.
    Ended(String),
    /// Not within the limit.
    Late,
}

/// What [`Latest::newer_than`] found.
pub(crate) enum Next {
    Frame(u64, VideoFrame),
    /// No newer frame.
    Same,
    Ended(String),
}

impl Latest {
    fn lock(&self) -> std::sync::MutexGuard<'_, LatestState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A new frame, and the parts it changed (`None`: all of it, or unknown).
    pub(crate) fn put(&self, frame: ffmpeg_next::frame::Video, arrived: Instant, changed: Option<Vec<super::Patch>>) {
        let mut s = self.lock();
        s.count += 1;
        let count = s.count;
        s.changed.record(count, changed);
        s.frame = Some((frame, arrived));
        self.changed.notify_all();
    }

    /// Where packed `bytes` (rows `stride` apart, in `layout`: format,
    /// width, height) differ from the newest frame in the rows of `listed`,
    /// or in all ([`pipewire_damage::compare`]); `None` with no newest frame
    /// of that layout.
    pub(crate) fn compare(
        &self,
        bytes: &[u8],
        stride: usize,
        bytes_per_pixel: usize,
        layout: (ffmpeg::format::Pixel, u32, u32),
        listed: Option<&[super::Patch]>,
    ) -> Option<Vec<super::Patch>> {
        let s = self.lock();
        let (newest, _) = s.frame.as_ref()?;
        if (newest.format(), newest.width(), newest.height()) != layout {
            return None;
        }
        pipewire_damage::compare(newest, bytes, stride, bytes_per_pixel, listed)
    }

    /// The size the stream agreed on, and its pixel format if one of ours.
    pub(crate) fn set_format(&self, width: u32, height: u32, pixel: Option<ffmpeg::format::Pixel>) {
        let mut s = self.lock();
        s.format = Some((width, height));
        s.pixel = pixel;
        drop(s);
        self.changed.notify_all();
    }

    /// The pixel format the stream agreed on, if one of ours.
    pub(crate) fn pixel(&self) -> Option<ffmpeg::format::Pixel> {
        self.lock().pixel
    }

    /// A black picture of the agreed size and format (`None` before one is
    /// agreed), for a screen that has sent none yet.
    pub(crate) fn blank(&self) -> Option<ffmpeg_next::frame::Video> {
        let s = self.lock();
        let ((width, height), pixel) = (s.format?, s.pixel?);
        let mut frame = ffmpeg_next::frame::Video::new(pixel, width, height);
        // Zero is black in each packed RGB format a stream may agree on.
        frame.data_mut(0).fill(0);
        Some(frame)
    }

    /// The stream is over; the first reason given is kept.
    pub(crate) fn end(&self, reason: String) {
        self.lock().ended.get_or_insert(reason);
        self.changed.notify_all();
    }

    /// Whether the stream is over.
    pub(crate) fn has_ended(&self) -> bool {
        self.lock().ended.is_some()
    }

    /// A copy of the newest frame.
    pub(crate) fn held(&self) -> Option<ffmpeg_next::frame::Video> {
        self.lock().frame.as_ref().map(|(frame, _)| frame.clone())
    }

    /// Waits up to `limit` for the stream to agree on a picture size.
    pub(crate) fn wait_for_format(&self, limit: Duration) -> Result<(u32, u32), NoFormat> {
        let deadline = Instant::now() + limit;
        let mut s = self.lock();
        loop {
            if let Some(reason) = &s.ended {
                return Err(NoFormat::Ended(reason.clone()));
            }
            if let Some(size) = s.format {
                return Ok(size);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(NoFormat::Late);
            }
            s = self.changed.wait_timeout(s, left).unwrap_or_else(PoisonError::into_inner).0;
        }
    }

    /// Waits up to `limit` for a frame newer than the `seen`th; it says
    /// what changed since that one (all of it if unknown).
    pub(crate) fn newer_than(&self, seen: u64, limit: Duration) -> Next {
        let deadline = Instant::now() + limit;
        let mut s = self.lock();
        loop {
            if let Some(reason) = &s.ended {
                return Next::Ended(reason.clone());
            }
            if s.count > seen
                && let Some((frame, arrived)) = &s.frame
            {
                let changed = s.changed.since(seen);
                return Next::Frame(s.count, VideoFrame::from_ffmpeg(frame.clone(), *arrived, changed));
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Next::Same;
            }
            s = self.changed.wait_timeout(s, left).unwrap_or_else(PoisonError::into_inner).0;
        }
    }
}
