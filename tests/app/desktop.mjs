// The desktop around the app, as a person meets it, for the app suite's
// private X server, tray (trayer) and D-Bus session: the tray icon's pixels
// and its menu, the clipboard, the notifications that were shown, windows
// being closed and shown. run.sh starts what these talk to.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
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
  const geo = Object.fromEntries(xdo('getwindowgeometry', '--shell', id).split('\n').map((l) => l.split('=')));
  return { id, x: Number(geo.X), y: Number(geo.Y), width: Number(geo.WIDTH), height: Number(geo.HEIGHT) };
}

/** The screen's pixels in a rectangle, as RGB rows (the pointer not drawn). */
export function grab({ x, y, width, height }) {
  const rgb = execFileSync(
    'ffmpeg',
    ['-loglevel', 'error', '-f', 'x11grab', '-draw_mouse', '0', '-video_size', `${width}x${height}`, '-i', `${process.env.DISPLAY}+${x},${y}`,
      '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'],
    { maxBuffer: 64 << 20, timeout: 15000 },
  );
  const at = (px, py) => {
    const i = (py * width + px) * 3;
    return [rgb[i], rgb[i + 1], rgb[i + 2]];
  };
  return { width, height, at, rgb };
}

/** How many pixels are within `tolerance` of `colour` in each channel. */
export function countColour(image, colour, tolerance = 40) {
  let n = 0;
  for (let i = 0; i < image.rgb.length; i += 3) {
    if (Math.abs(image.rgb[i] - colour[0]) <= tolerance && Math.abs(image.rgb[i + 1] - colour[1]) <= tolerance && Math.abs(image.rgb[i + 2] - colour[2]) <= tolerance) n += 1;
  }
  return n;
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
