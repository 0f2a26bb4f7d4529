// The real Afterword app, driven over WebDriver (tauri-driver +
// WebKitWebDriver) under Xvfb with a private PulseAudio playing a tone:
// record from the Record page, find the clip in the library with its
// thumbnail, comment at 1 s and see the marker; start and stop with the
// global hotkey with the window closed; export the clip; record an area
// dragged out on screen; see an imported clip's picture in the player on
// the screen. (The tray, clipboard and notifications are in
// desktop.test.mjs.)
// Screenshots of every page go to $ARTIFACTS. Started by run.sh, which owns
// the X, audio and D-Bus servers.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { clipboard, closeWindow, visibleWindows, waitForColour, xdo } from './desktop.mjs';
import { formatMs, openApp } from './webdriver.mjs';

let app;
let wd;

before(async () => {
  app = await openApp();
  wd = app.wd;
});

after(async () => {
  await app?.quit();
});

afterEach(() => app?.discardLeftover());

describe('Afterword desktop app', () => {
  let first;

  test('records 2 s from the Record page and copies the link', async () => {
    const before = await app.clips();
    await app.go('#/record');
    await app.click('#start');
    await wd.waitFor('recording', async () => (await app.phase()) === 'recording');
    await app.shot('record-while-recording');
    const handles = await wd.windows();
    if (handles.length > 1) {
      const main = await wd.window();
      const control = handles.find((h) => h !== main);
      await wd.switchTo(control);
      await app.shot('floating-control');
      await wd.switchTo(main);
    }
    // A person stops when the page's clock says 0:02: the clip is then at
    // least that long, and at most a second more than the clock showed plus
    // what passed until the stop took effect (however slow the machine).
    const secs = async () => {
      const [m, s] = (await app.text('#elapsed')).split(':').map(Number);
      return m * 60 + s;
    };
    const shown = await wd.waitFor('0:02 on the clock', async () => {
      const s = await secs();
      return s >= 2 && s;
    }, 30000);
    const seen = Date.now();
    await app.click('#stop');
    const link = await wd.waitFor('the link', async () => app.text('#last-link code'), 30000);
    const [lower, upper] = [shown * 1000 - 100, (shown + 1) * 1000 + (Date.now() - seen)];
    assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/s\/[0-9A-Za-z_-]{16,}$/);
    assert.equal(clipboard(), link, 'the link is on the clipboard');
    await app.shot('record');
    first = await app.newClip(before);
    assert.ok(first.duration_ms >= lower && first.duration_ms <= upper, `duration ${first.duration_ms} ms, expected ${lower}–${upper}`);
  });

  test('the clip appears in the library with its thumbnail and length', async () => {
    await app.go('#/library');
    const card = await wd.waitFor('a card', () => wd.find(`.card[data-clip="${first.id}"]`));
    await wd.waitFor('the thumbnail to load', () =>
      wd.execute('const i = document.querySelector(arguments[0]); return !!i && i.complete && i.naturalWidth > 0;', `.card[data-clip="${first.id}"] img`),
    );
    assert.equal(await app.text(`.card[data-clip="${first.id}"] .duration`), formatMs(first.duration_ms), 'the card shows the length');
    await app.shot('library');
    await wd.click(card);
  });

  test('a comment at 1 s shows as a marker at 1 s', async () => {
    await wd.waitFor('the clip page', () => wd.find('#clip-title'));
    // Click the timeline at 1 s, as a person would.
    const track = await wd.find('.track');
    const width = await wd.execute('return document.querySelector(".track").getBoundingClientRect().width;');
    // The video must know its length first, or loading it resets the position.
    await wd.waitFor('the video metadata', () => wd.execute('return document.querySelector("video").readyState >= 1;'));
    // A click lands on a pixel, so the moment is 1 s give or take a pixel's
    // worth (0.999 s shows as 0:00 on the clock): check the video, not the
    // text. A click the page took before it was ready is clicked again.
    let t;
    await wd.waitFor('the video at 1 s', async () => {
      await wd.clickAt(track, width * (1000 / first.duration_ms) - width / 2, 0);
      await wd.waitFor('the seek to finish', async () => {
        t = await wd.execute('const v = document.querySelector("video"); return !v.seeking && v.currentTime;');
        return Math.abs(t - 1) <= 0.06;
      }, 2000).catch(() => undefined);
      if (Math.abs(t - 1) > 0.06) throw new Error(`the video is at ${t} s (clock ${await app.text('.clock .now')})`);
      return true;
    });
    await wd.type(await wd.find('.composer textarea'), 'The tone starts here');
    await app.click('.composer button[type=submit]');
    const at = await wd.waitFor('a marker', () => wd.execute('const m = document.querySelector(".marker"); return m && m.dataset.at;'));
    assert.ok(Math.abs(Number(at) - 1000) <= 60, `marker at ${at} ms`);
    assert.equal(await app.text('.comments .comment .body'), 'The tone starts here');
    await app.shot('clip');
  });

  test('the settings page shows the hotkeys', async () => {
    await app.go('#/settings');
    const value = await wd.waitFor('the form', () => wd.execute('const i = document.querySelector("#hotkey-record"); return i && i.value;'));
    assert.equal(value, 'Ctrl+Shift+R');
    await app.shot('settings');
  });

  test('the global hotkey starts and stops a recording, with the window closed', async () => {
    await app.go('#/record');
    const before = await app.clips();
    const [main] = visibleWindows('--name', '^Afterword$');
    assert.ok(main, 'the main window is shown');
    closeWindow(main);
    await wd.waitFor('the window to close', () => visibleWindows('--name', '^Afterword$').length === 0);
    xdo('key', 'ctrl+shift+r');
    await wd.waitFor('recording from the hotkey', async () => (await app.phase()) === 'recording');
    await app.recorded(1000);
    xdo('key', 'ctrl+shift+r');
    const clip = await app.newClip(before);
    assert.ok(clip.duration_ms >= 900, `a clip of ${clip.duration_ms} ms`);
    assert.equal(visibleWindows('--name', '^Afterword$').length, 0, 'the window stayed closed');
    await app.invoke('plugin:window|show', { label: 'main' });
    await wd.waitFor('the window again', () => visibleWindows('--name', '^Afterword$').length === 1);
  });

  test('export copies the clip’s file out, byte for byte', async () => {
    await app.go(`#/clip/${encodeURIComponent(first.id)}`);
    const dest = await wd.waitFor('the export field', () =>
      wd.execute('const l = [...document.querySelectorAll(".tools label")].find((l) => l.textContent.includes("Export to")); return l && l.querySelector("input").value;'),
    );
    assert.match(dest, /\.mp4$/, `a file name is offered: ${dest}`);
    await wd.execute('[...document.querySelectorAll(".tools button")].find((b) => b.textContent.trim() === "Export").click();');
    const note = await wd.waitFor('the export to finish', () => wd.execute('const n = document.querySelector(".tools .note"); return n && n.textContent;'), 30000);
    assert.equal(note, `Exported to ${dest}`);
    // The library's file, as the app's player streams it.
    const source = Buffer.from(await (await fetch(first.media_url)).arrayBuffer());
    assert.ok(existsSync(dest), `${dest} exists`);
    assert.equal(statSync(dest).size, source.length);
    assert.ok(readFileSync(dest).equals(source), 'the same bytes as the library’s file');
    await app.shot('clip-exported');
  });

  test('the area picked on screen is what gets recorded', async () => {
    await app.go('#/record');
    const before = await app.clips();
    await wd.execute('[...document.querySelectorAll(".record button")].find((b) => b.textContent.includes("Pick area")).click();');
    const [picker] = await wd.waitFor('the area picker', () => visibleWindows('--name', '^Pick an area$'));
    // Its page must be listening before the mouse goes down.
    const main = await wd.window();
    await wd.waitFor('the picker’s page', async () => {
      for (const handle of await wd.windows()) {
        await wd.switchTo(handle);
        if (await wd.execute('return !!document.querySelector(".area-selector")')) return true;
      }
      return false;
    });
    await wd.switchTo(main);
    const geo = Object.fromEntries(xdo('getwindowgeometry', '--shell', picker).split('\n').map((l) => l.split('=')));
    // Drag out 320×240 with the real mouse, 200 px in from the picker's corner.
    const [x0, y0] = [Number(geo.X) + 200, Number(geo.Y) + 150];
    xdo('mousemove', String(x0), String(y0), 'mousedown', '1');
    xdo('mousemove', String(x0 + 160), String(y0 + 120));
    xdo('mousemove', String(x0 + 320), String(y0 + 240), 'mouseup', '1');
    await wd.waitFor('the picker to close', () => visibleWindows('--name', '^Pick an area$').length === 0);
    const shown = await wd.waitFor('the area on the Record page', () =>
      wd.execute('const s = [...document.querySelectorAll(".record .muted")].find((m) => m.textContent.includes("×")); return s && s.textContent.trim();'),
    );
    assert.equal(shown, `320×240 at ${x0},${y0}`);
    await app.click('#start');
    await app.recorded(1000);
    await app.click('#stop');
    const clip = await app.newClip(before);
    assert.deepEqual([clip.width, clip.height], [320, 240], 'the clip is the picked area’s size');
  });

  test('the clip page’s player shows the clip’s picture on the screen', async () => {
    // A clip of one colour, imported; its page's player, grabbed from the
    // screen (WebKit paints it on the CPU here, with no GPU: painting.rs).
    const dir = mkdtempSync(join(tmpdir(), 'afterword-player.'));
    const file = join(dir, 'green.mp4');
    execFileSync('ffmpeg', ['-loglevel', 'error', '-f', 'lavfi', '-i', 'color=c=0x2ea043:s=640x360:r=30:d=2',
      '-c:v', 'libx264', '-pix_fmt', 'yuv420p', file], { timeout: 30000 });
    const clip = await app.invoke('import_clip', { path: file });
    rmSync(dir, { recursive: true, force: true });
    await app.go(`#/clip/${encodeURIComponent(clip.id)}`);
    await wd.waitFor('the picture', () => wd.execute('const v = document.querySelector(".player video"); return !!v && v.readyState >= 2;'));
    // Left of the play button, in the middle row of the picture.
    const box = await wd.execute(`const b = document.querySelector('.player video').getBoundingClientRect();
      return { x: Math.round(window.screenX + b.left + b.width * 0.1), y: Math.round(window.screenY + b.top + b.height * 0.45),
               width: Math.round(b.width * 0.2), height: Math.round(b.height * 0.1) };`);
    await waitForColour('the green picture on the screen', box, [0x2e, 0xa0, 0x43], 24);
  });

  // Without a GPU, Mesa's OpenGL is llvmpipe, and opening it loads libLLVM:
  // 43 MB of the window's 195 MB, for nothing the window draws (painting.rs).
  // The page above was painted by the web process, which keeps its EGL.
  const gpu = existsSync('/dev/dri') && readdirSync('/dev/dri').some((name) => name.startsWith('renderD'));
  test('with no GPU the window’s process loads no OpenGL driver', { skip: gpu && 'this machine has a GPU: WebKit’s defaults stand' }, () => {
    const [main] = visibleWindows('--name', '^Afterword$');
    const pid = Number(xdo('getwindowpid', main));
    const loaded = (p) => [...new Set(readFileSync(`/proc/${p}/maps`, 'utf8').match(/[^\s/]*(?:libLLVM|_dri\.so|libEGL_mesa|libGLX_mesa)[^\s/]*/g) ?? [])];
    assert.deepEqual(loaded(pid), [], 'the window’s process');
    const web = execFileSync('pgrep', ['-P', String(pid), '^WebKitWebProces']).toString().trim().split('\n');
    assert.ok(web.some((p) => loaded(p).some((lib) => lib.startsWith('libEGL_mesa'))), 'its web process opens EGL to paint');
  });
});
