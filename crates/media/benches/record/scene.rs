//! The scripted scene: a dark desktop with a ticking clock and a moving
//! pointer; the busy variant adds a 1280x720 window repainted with random
//! rectangles 30 times a second; the idle one draws the clock once and then
//! changes nothing. `flash()` turns the desktop white.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use x11rb::connection::Connection;
use x11rb::protocol::xproto::{
    ChangeWindowAttributesAux, ConnectionExt as _, CreateGCAux, CreateWindowAux, Rectangle, WindowClass,
};
use x11rb::rust_connection::RustConnection;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Idle,
    Static,
    Busy,
}

#[derive(Debug)]
pub struct Scene {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl Scene {
    pub fn start(display: &str, kind: Kind) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let (s, d) = (stop.clone(), display.to_owned());
        let (ready_tx, ready_rx) = std::sync::mpsc::channel();
        let thread = std::thread::spawn(move || {
            let (conn, n) = x11rb::connect(Some(&d)).unwrap();
            drive(&conn, n, kind, &s, ready_tx);
        });
        ready_rx.recv().unwrap();
        Self { stop, thread: Some(thread) }
    }
}

/// Turn the desktop white now (the video half of the A/V marker), from the
/// caller's thread so it lands right after the tone is unmuted.
pub fn flash(display: &str) {
    let (conn, n) = x11rb::connect(Some(display)).unwrap();
    let root = conn.setup().roots[n].root;
    paint_root(&conn, root, 0xff_ff_ff);
    conn.get_input_focus().unwrap().reply().unwrap();
}

impl Drop for Scene {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn paint_root(conn: &RustConnection, root: u32, pixel: u32) {
    conn.change_window_attributes(root, &ChangeWindowAttributesAux::new().background_pixel(pixel)).unwrap();
    conn.clear_area(false, root, 0, 0, 0, 0).unwrap();
    conn.flush().unwrap();
}

fn drive(conn: &RustConnection, n: usize, kind: Kind, stop: &AtomicBool, ready: std::sync::mpsc::Sender<()>) {
    let screen = conn.setup().roots[n].clone();
    let root = screen.root;
    paint_root(conn, root, 0x20_30_40);
    let font = conn.generate_id().unwrap();
    conn.open_font(font, b"fixed").unwrap();
    let clock = conn.generate_id().unwrap();
    conn.create_window(
        0,
        clock,
        root,
        60,
        60,
        240,
        40,
        0,
        WindowClass::INPUT_OUTPUT,
        0,
        &CreateWindowAux::new().background_pixel(screen.white_pixel),
    )
    .unwrap();
    conn.map_window(clock).unwrap();
    let text_gc = conn.generate_id().unwrap();
    conn.create_gc(
        text_gc,
        clock,
        &CreateGCAux::new().foreground(screen.black_pixel).background(screen.white_pixel).font(font),
    )
    .unwrap();
    let busy = (kind == Kind::Busy).then(|| {
        let w = conn.generate_id().unwrap();
        conn.create_window(
            0,
            w,
            root,
            320,
            200,
            1280,
            720,
            0,
            WindowClass::INPUT_OUTPUT,
            0,
            &CreateWindowAux::new().background_pixel(0),
        )
        .unwrap();
        conn.map_window(w).unwrap();
        let gc = conn.generate_id().unwrap();
        conn.create_gc(gc, w, &CreateGCAux::new()).unwrap();
        (w, gc)
    });
    conn.flush().unwrap();
    let _ = ready.send(());
    let start = Instant::now();
    let mut seed: u32 = 12345;
    let mut rand = move || {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        seed
    };
    let mut frame = 0u32;
    if kind == Kind::Idle {
        conn.image_text8(clock, text_gc, 10, 25, b"clock 00:00:00").unwrap();
        conn.flush().unwrap();
    }
    while kind == Kind::Idle && !stop.load(Ordering::SeqCst) {
        std::thread::sleep(Duration::from_millis(20));
    }
    while kind != Kind::Idle && !stop.load(Ordering::SeqCst) {
        let t = start.elapsed().as_secs_f64();
        // Pointer on a slow circle (Xvfb starts it at the centre).
        let (x, y) = (960.0 + 400.0 * (t * 0.8).cos(), 540.0 + 300.0 * (t * 0.8).sin());
        conn.warp_pointer(0u32, root, 0, 0, 0, 0, x as i16, y as i16).unwrap();
        if frame.is_multiple_of(30) {
            let secs = start.elapsed().as_secs();
            let text = format!("clock {:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60);
            conn.clear_area(false, clock, 0, 0, 0, 0).unwrap();
            conn.image_text8(clock, text_gc, 10, 25, text.as_bytes()).unwrap();
        }
        if let Some((w, gc)) = busy {
            for _ in 0..64 {
                let r = Rectangle {
                    x: (rand() % 1200) as i16,
                    y: (rand() % 660) as i16,
                    width: 40 + (rand() % 200) as u16,
                    height: 30 + (rand() % 150) as u16,
                };
                conn.change_gc(gc, &x11rb::protocol::xproto::ChangeGCAux::new().foreground(rand() & 0xff_ff_ff))
                    .unwrap();
                conn.poly_fill_rectangle(w, gc, &[r]).unwrap();
            }
        }
        conn.flush().unwrap();
        frame += 1;
        let next = Duration::from_secs_f64(f64::from(frame) / 30.0);
        std::thread::sleep(next.saturating_sub(start.elapsed()));
    }
    if let Some((w, _)) = busy {
        let _ = conn.destroy_window(w);
    }
    let _ = conn.destroy_window(clock);
    paint_root(conn, root, 0x20_30_40);
}
