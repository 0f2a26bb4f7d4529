// The desktop around the app, as a person meets it, for the app suite's
// private X server, tray (trayer) and D-Bus session: the tray icon's pixels
// and its menu, the clipboard, the notifications that were shown, windows
// being closed and shown. run.sh starts what these talk to.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sleep } from './webdriver.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
/** The app's X class: GTK names it after the binary. */
export const APP_CLASS = basename(process.env.APP_BIN ?? 'afterword-desktop');

export const xdo = (...args) => execFileSync('xdotool', args, { encoding: 'utf8', timeout: 15000 }).trim();

/** Visible top-level windows matching an xdotool search (`--name RE`, `--classname C`, …). */
export function visibleWindows(...search) {
  try {
    return xdo('search', '--onlyvisible', ...search).split('\n').filter(Boolean);
  } catch {
    return []; // xdotool exits 1 when nothing matches
  }
}

/** Asks a window to close as its title bar's close button would (WM_DELETE_WINDOW). */
export const closeWindow = (id) => execFileSync('/usr/bin/python3', [join(HERE, 'x11.py'), 'close', id], { timeout: 5000 });

export const clipboard = () => execFileSync('xclip', ['-selection', 'clipboard', '-o'], { encoding: 'utf8', timeout: 5000 }).trim();

/** Puts `text` on the clipboard, so a test knows the app replaced it. */
export function setClipboard(text) {
  execFileSync('xclip', ['-selection', 'clipboard', '-i'], { input: text, stdio: ['pipe', 'ignore', 'ignore'], timeout: 5000 });
}

/** Notifications the suite's notification server was asked to show (notifications.py). */
export function notifications() {
  const log = process.env.NOTIFY_LOG;
  if (!log) throw new Error('NOTIFY_LOG is not set: run the suite through tests/app/run.sh');
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

/** The tray icon: the tray host's embedded window of class "tray-icon". */
export function trayIcon() {
  const id = xdo('search', '--sync', '--classname', 'tray-icon').split('\n')[0];
  return { id, ...geometry(id) };
}

/** ffmpeg's x11grab of a rectangle of the screen (the pointer not drawn),
 * one frame written as `output` asks. Page coordinates may be fractional (a
 * quarter of an odd width): the rectangle is taken to whole pixels, as the
 * screen has them. */
function x11grab(rect, ...output) {
  const [x, y, width, height] = [rect.x, rect.y, rect.width, rect.height].map(Math.round);
  const bytes = execFileSync(
    'ffmpeg',
    ['-loglevel', 'error', '-f', 'x11grab', '-draw_mouse', '0', '-video_size', `${width}x${height}`, '-i', `${process.env.DISPLAY}+${x},${y}`,
      '-frames:v', '1', ...output, '-'],
    { maxBuffer: 64 << 20, timeout: 15000 },
  );
  return { width, height, bytes };
}

/** The screen's pixels in a rectangle, as RGB rows. */
export function grab(rect) {
  const { width, height, bytes: rgb } = x11grab(rect, '-f', 'rawvideo', '-pix_fmt', 'rgb24');
  const at = (px, py) => {
    const i = (py * width + px) * 3;
    return [rgb[i], rgb[i + 1], rgb[i + 2]];
  };
  return { width, height, at, rgb };
}

/** What the screen shows in a rectangle, as a PNG file's bytes. */
export const grabPng = (rect) => x11grab(rect, '-f', 'image2pipe', '-c:v', 'png').bytes;

/** How many pixels are within `tolerance` of `colour` in each channel. */
export function countColour(image, colour, tolerance = 40) {
  let n = 0;
  for (let i = 0; i < image.rgb.length; i += 3) {
    if (Math.abs(image.rgb[i] - colour[0]) <= tolerance && Math.abs(image.rgb[i + 1] - colour[1]) <= tolerance && Math.abs(image.rgb[i + 2] - colour[2]) <= tolerance) n += 1;
  }
  return n;
}

/** Waits (up to `ms`) until nine tenths of `rect` on the screen are within
 * `tolerance` of `colour`, as a person watching for a picture would; fails
 * saying what the screen showed there instead. */
export async function waitForColour(what, rect, colour, tolerance = 40, ms = 10000) {
  const until = Date.now() + ms;
  for (;;) {
    const seen = grab(rect);
    if (countColour(seen, colour, tolerance) > 0.9 * seen.width * seen.height) return;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}: at ${JSON.stringify(rect)} the screen shows ${seen.at(0, 0)}`);
    await sleep(200);
  }
}

/** The tray icon's colours (icons/make_icons.py). */
export const INK = [40, 44, 52];
export const RED = [220, 38, 38];

async function waitForNewWindow(what, known, ms = 10000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const fresh = visibleWindows('--classname', APP_CLASS).find((w) => !known.includes(w));
    if (fresh) return fresh;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what} to show`);
}

/**
 * Opens the tray icon's menu with a click and waits for it to show. Then
 * `menu.keys(...)` types into it: Home/End pick the first/last item, Up and
 * Down move, Right opens a submenu (`menu.submenu()` waits for it), Return
 * activates.
 */
export async function openTrayMenu() {
  const icon = trayIcon();
  const known = visibleWindows('--classname', APP_CLASS);
  xdo('mousemove', String(icon.x + Math.floor(icon.width / 2)), String(icon.y + Math.floor(icon.height / 2)), 'click', '1');
  const menu = await waitForNewWindow('the tray menu', known);
  xdo('mousemove', '0', '1079'); // out of the way of the menu and the icon's pixels
  return {
    id: menu,
    keys: (...keys) => xdo('key', '--delay', '50', ...keys),
    submenu: () => waitForNewWindow('the submenu', [...known, menu]),
    closed: async () => {
      for (let i = 0; i < 100 && visibleWindows('--classname', APP_CLASS).includes(menu); i += 1) await sleep(100);
    },
  };
}

/**
 * A private PipeWire (with WirePlumber, on its own session bus) carrying a
 * fake camera named `fakecam`: GStreamer's `videotestsrc` in `pattern`
 * through `pipewiresink`, as in ../shared/recipes/wayland-headless.md. The
 * app reaches it with `PIPEWIRE_RUNTIME_DIR: camera.dir`. Resolves once
 * PipeWire lists the camera.
 */
export async function fakeCamera(pattern) {
  const dir = mkdtempSync(join(tmpdir(), 'afterword-camera.'));
  const gst = `videotestsrc is-live=true pattern=${pattern} ! video/x-raw,format=BGRx,width=640,height=480,framerate=30/1 ! pipewiresink mode=provide stream-properties=props,media.class=Video/Source,media.role=Camera,node.name=fakecam`;
  const script = [
    'pipewire & echo $! >> pids; while [ ! -S pipewire-0 ]; do sleep 0.05; done',
    'wireplumber & echo $! >> pids',
    `gst-launch-1.0 -q ${gst} & echo $! >> pids; wait`,
  ].join('; ');
  const env = { ...process.env, PIPEWIRE_RUNTIME_DIR: dir, XDG_RUNTIME_DIR: dir };
  delete env.DBUS_SESSION_BUS_ADDRESS;
  const session = spawn('dbus-run-session', ['--', 'sh', '-c', script], { cwd: dir, env, stdio: 'ignore' });
  const stop = () => {
    for (const pid of (existsSync(join(dir, 'pids')) ? readFileSync(join(dir, 'pids'), 'utf8') : '').split(/\s+/).filter(Boolean)) {
      try {
        process.kill(Number(pid));
      } catch {
        // already gone
      }
    }
    session.kill();
    rmSync(dir, { recursive: true, force: true });
  };
  const until = Date.now() + 30000;
  for (;;) {
    let nodes = '';
    try {
      nodes = execFileSync('pw-cli', ['ls', 'Node'], { encoding: 'utf8', env, timeout: 5000 });
    } catch {
      // not up yet
    }
    if (nodes.includes('"fakecam"')) return { dir, stop };
    if (Date.now() > until) {
      stop();
      throw new Error('the fake camera was not listed by PipeWire within 30 s (are pipewire, wireplumber and gstreamer1.0-pipewire installed?)');
    }
    await sleep(200);
  }
}

/** A window's place and size on the screen. */
export function geometry(id) {
  const geo = Object.fromEntries(xdo('getwindowgeometry', '--shell', id).split('\n').map((l) => l.split('=')));
  return { x: Number(geo.X), y: Number(geo.Y), width: Number(geo.WIDTH), height: Number(geo.HEIGHT) };
}
