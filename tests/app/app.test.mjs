// The real Afterword app, driven over WebDriver (tauri-driver +
// WebKitWebDriver) under Xvfb with a private PulseAudio playing a tone:
// record from the Record page, find the clip in the library with its
// thumbnail, comment at 1 s and see the marker; start and stop with the
// global hotkey; start from the tray menu. Screenshots of every page go to
// $ARTIFACTS. Started by run.sh, which owns the X, audio and D-Bus servers.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { WebDriver, sleep } from './webdriver.mjs';

const ARTIFACTS = process.env.ARTIFACTS ?? 'artifacts/app';
mkdirSync(ARTIFACTS, { recursive: true });
let wd;

const invoke = (cmd, args = {}) =>
  wd.executeAsync(
    `const done = arguments[arguments.length - 1];
     window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1]).then((v) => done({ ok: v }), (e) => done({ err: e }));`,
    cmd,
    args,
  ).then((r) => {
    if (r && 'err' in r) throw new Error(`${cmd}: ${JSON.stringify(r.err)}`);
    return r.ok;
  });
const phase = async () => (await invoke('recorder_status')).phase;
const clips = () => invoke('list_clips', { filter: { search: null, tag: null, status: null, limit: 1000 } });
const go = async (hash) => {
  await wd.execute('window.location.hash = arguments[0];', hash);
  await sleep(300);
};
const shot = async (name) => {
  await sleep(500); // let the last change paint
  writeFileSync(join(ARTIFACTS, `${name}.png`), await wd.screenshot());
};
const xdo = (...args) => execFileSync('xdotool', args, { encoding: 'utf8' }).trim();
const clipboard = () => execFileSync('xclip', ['-selection', 'clipboard', '-o'], { encoding: 'utf8', timeout: 5000 });

before(async () => {
  wd = await WebDriver.start(process.env.DRIVER, {
    'tauri:options': { application: process.env.APP_BIN },
  });
  await wd.waitFor('the app to load', () => wd.execute('return !!document.querySelector(".app")'), 30000);
  // No countdown, so the tests time exactly what they record.
  const settings = await invoke('get_settings');
  await invoke('save_settings', { settings: { ...settings, countdown_secs: 0 } });
});

after(async () => {
  await wd?.quit().catch(() => undefined);
});

describe('Afterword desktop app', () => {
  let first;

  test('records 2 s from the Record page and copies the link', async () => {
    await go('#/record');
    await wd.click(await wd.find('#start'));
    await wd.waitFor('recording', async () => (await phase()) === 'recording');
    await sleep(1000);
    await shot('record-while-recording');
    const handles = await wd.windows();
    if (handles.length > 1) {
      const main = await wd.window();
      const control = handles.find((h) => h !== main);
      await wd.switchTo(control);
      await shot('floating-control');
      await wd.switchTo(main);
    }
    await sleep(1000);
    await wd.click(await wd.find('#stop'));
    const link = await wd.waitFor('the link', async () => wd.text(await wd.find('#last-link code')));
    assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/s\/[0-9A-Za-z_-]{16,}$/);
    assert.equal(clipboard().trim(), link, 'the link is on the clipboard');
    await shot('record');
    const list = await clips();
    assert.equal(list.length, 1);
    first = list[0];
    assert.ok(first.duration_ms >= 1500 && first.duration_ms <= 3500, `duration ${first.duration_ms}`);
  });

  test('the clip appears in the library with its thumbnail', async () => {
    await go('#/library');
    const card = await wd.waitFor('a card', () => wd.find(`.card[data-clip="${first.id}"]`));
    await wd.waitFor('the thumbnail to load', () =>
      wd.execute('const i = document.querySelector(".card img"); return !!i && i.complete && i.naturalWidth > 0;'),
    );
    await shot('library');
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
    // worth (0.999 s shows as 0:00 on the clock): check the video, not the text.
    await wd.waitFor('the video at 1 s', async () => {
      await wd.clickAt(track, width * (1000 / first.duration_ms) - width / 2, 0);
      await sleep(300);
      const t = await wd.execute('return document.querySelector("video").currentTime;');
      if (Math.abs(t - 1) > 0.06) {
        const now = await wd.text(await wd.find('.clock .now'));
        throw new Error(`the video is at ${t} s (clock ${now})`);
      }
      return true;
    });
    const body = await wd.find('.composer textarea');
    await wd.type(body, 'The tone starts here');
    await wd.click(await wd.find('.composer button[type=submit]'));
    const at = await wd.waitFor('a marker', () => wd.execute('const m = document.querySelector(".marker"); return m && m.dataset.at;'));
    assert.ok(Math.abs(Number(at) - 1000) <= 60, `marker at ${at} ms`);
    const listed = await wd.text(await wd.find('.comments .comment .body'));
    assert.equal(listed, 'The tone starts here');
    await shot('clip');
  });

  test('the settings page shows the hotkeys', async () => {
    await go('#/settings');
    const value = await wd.waitFor('the form', () => wd.execute('const i = document.querySelector("#hotkey-record"); return i && i.value;'));
    assert.equal(value, 'Ctrl+Shift+R');
    await shot('settings');
  });

  test('the global hotkey starts and stops a recording, with the window closed', async () => {
    await go('#/record');
    const before = (await clips()).length;
    await invoke('plugin:window|hide', { label: 'main' }).catch(() => undefined);
    xdo('key', 'ctrl+shift+r');
    await wd.waitFor('recording from the hotkey', async () => (await phase()) === 'recording');
    await sleep(1500);
    xdo('key', 'ctrl+shift+r');
    await wd.waitFor('a new clip', async () => (await phase()) === 'idle' && (await clips()).length === before + 1, 20000);
    await invoke('plugin:window|show', { label: 'main' }).catch(() => undefined);
  });

  test('the tray menu starts a recording', async () => {
    const before = (await clips()).length;
    const openMenu = async () => {
      // The icon is the tray host's embedded window of class "tray-icon …".
      const icon = xdo('search', '--sync', '--classname', 'tray-icon').split('\n')[0];
      const geo = Object.fromEntries(xdo('getwindowgeometry', '--shell', icon).split('\n').map((l) => l.split('=')));
      xdo('mousemove', String(Number(geo.X) + 8), String(Number(geo.Y) + 8), 'click', '1');
      await sleep(700);
    };
    await openMenu();
    xdo('key', 'Down', 'Return');
    await wd.waitFor('recording from the tray', async () => (await phase()) === 'recording');
    await sleep(1500);
    await invoke('record_stop');
    await wd.waitFor('a new clip', async () => (await clips()).length === before + 1, 20000);
  });
});
