//! Listing cameras: PipeWire's registry (on a short-lived `pipewire-list`
//! thread, answered once the server has sent every object, with a deadline)
//! and the V4L2 device nodes.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::mpsc;
use std::time::Duration;

use pipewire as pw;

use super::{CameraError, CameraInfo};

/// How long PipeWire may take to list its objects.
const LIMIT: Duration = Duration::from_secs(5);

/// PipeWire cameras, then `/dev/video*` devices. PipeWire not answering is
/// an error; no V4L2 devices is an empty list.
pub(crate) fn list() -> Result<Vec<CameraInfo>, CameraError> {
    let (tx, rx) = mpsc::channel();
    std::thread::Builder::new()
        .name("pipewire-list".into())
        .spawn(move || {
            let _ = tx.send(pipewire_cameras().map_err(|e| CameraError::PipeWire { reason: e.to_string() }));
        })
        .map_err(|e| CameraError::PipeWire { reason: e.to_string() })?;
    let mut cameras = rx
        .recv_timeout(LIMIT + Duration::from_secs(1))
        .map_err(|_| CameraError::Timeout { secs: LIMIT.as_secs() })??;
    cameras.extend(v4l2_devices());
    Ok(cameras)
}

/// `Video/Source` nodes whose role is Camera, as the registry lists them.
fn pipewire_cameras() -> Result<Vec<CameraInfo>, pw::Error> {
    pw::init();
    let mainloop = pw::main_loop::MainLoop::new(None)?;
    let context = pw::context::Context::new(&mainloop)?;
    let core = context.connect(None)?;
    let registry = core.get_registry()?;
    let found: Rc<RefCell<Vec<CameraInfo>>> = Rc::default();
    let _registry_listener = registry
        .add_listener_local()
        .global({
            let found = found.clone();
            move |global| {
                let Some(props) = global.props else { return };
                if global.type_ != pw::types::ObjectType::Node
                    || props.get("media.class") != Some("Video/Source")
                    || props.get("media.role") != Some("Camera")
                {
                    return;
                }
                let Some(name) = props.get("node.name") else { return };
                let description = props.get("node.description").or(props.get("node.nick")).unwrap_or(name);
                found.borrow_mut().push(CameraInfo {
                    name: name.to_owned(),
                    description: description.to_owned(),
                    kind: "pipewire",
                });
            }
        })
        .register();
    // The server answers a sync after it has sent every global.
    let pending = core.sync(0)?;
    let timed_out = Rc::new(RefCell::new(false));
    let _core_listener = core
        .add_listener_local()
        .done({
            let mainloop = mainloop.clone();
            move |id, seq| {
                if id == pw::core::PW_ID_CORE && seq == pending {
                    mainloop.quit();
                }
            }
        })
        .register();
    let timer = mainloop.loop_().add_timer({
        let (mainloop, timed_out) = (mainloop.clone(), timed_out.clone());
        move |_| {
            *timed_out.borrow_mut() = true;
            mainloop.quit();
        }
    });
    let _ = timer.update_timer(Some(LIMIT), None);
    mainloop.run();
    if *timed_out.borrow() {
        return Err(pw::Error::CreationFailed);
    }
    Ok(found.take())
}

/// `/dev/video*`, named by path, described by the driver's name in sysfs.
fn v4l2_devices() -> Vec<CameraInfo> {
    let Ok(entries) = std::fs::read_dir("/dev") else { return Vec::new() };
    let mut devices: Vec<CameraInfo> = entries
        .flatten()
        .filter_map(|e| {
            let file = e.file_name().to_string_lossy().into_owned();
            file.strip_prefix("video").filter(|n| n.chars().all(|c| c.is_ascii_digit()))?;
            let description = std::fs::read_to_string(format!("/sys/class/video4linux/{file}/name"))
                .map(|n| n.trim().to_owned())
                .unwrap_or_else(|_| file.clone());
            Some(CameraInfo { name: format!("/dev/{file}"), description, kind: "v4l2" })
        })
        .collect();
    devices.sort_by(|a, b| a.name.cmp(&b.name));
    devices
}
