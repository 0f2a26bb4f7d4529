// Settings take effect without a restart, over WebDriver and the real
// network: ticking "Serve links on the local network" makes a share link's
// page answer on this machine's LAN address at once, unticking it makes that
// address refuse while loopback still serves; a bad base URL or a taken port
// is one line in red and the running server keeps answering. Also the pause
// hotkey (Ctrl+Shift+P) stops the recorder's clock and resumes it, and the
// stop notification carries the app's name. Started by run.sh.
import { createServer } from 'node:net';
import { networkInterfaces } from 'node:os';
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { notifications, xdo } from './desktop.mjs';
import { openApp, sleep } from './webdriver.mjs';

const TITLE = 'Settings demo — LAN check';
let app;
let wd;
let clip;

/** This machine's first non-loopback IPv4 address: where a colleague connects. */
function lanAddress() {
  const found = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === 'IPv4' && !a.internal);
  assert.ok(found, 'the machine has a non-loopback IPv4 address');
  return found.address;
}

/** The share page at `host`: status and body, or the connection error's code. */
async function page(host, port, token) {
  try {
    const res = await fetch(`http://${host}:${port}/s/${token}`, { signal: AbortSignal.timeout(5000) });
    return { status: res.status, body: await res.text() };
  } catch (e) {
    return { error: e.cause?.code ?? String(e) };
  }
}

const info = () => app.invoke('app_info');
const port = async () => Number((await info()).share_listen.split(':').pop());
const newLink = () => app.invoke('share_clip', { clip: clip.id, options: { expires_in_hours: null, password: null, allow_download: true } });
const tokenOf = (link) => link.split('/s/')[1];

/** Saves the Settings form as a person does and returns the line it shows. */
async function saveForm() {
  await app.click('#save-settings'); // clears the last note and marks the form busy
  return wd.waitFor('the save to answer', () =>
    wd.execute(`const n = document.querySelector('#settings-note');
      const busy = document.querySelector('.settings form').getAttribute('aria-busy') === 'true';
      return !busy && n && { text: n.textContent, alert: n.getAttribute('role') === 'alert' };`),
  );
}

/** The Settings page as saved, not as last typed into. */
async function freshForm() {
  await app.go('#/library');
  await app.go('#/settings');
}

async function setLan(on) {
  await app.go('#/settings');
  const checked = await wd.execute('return document.querySelector("#serve-lan").checked');
  if (checked !== on) await app.click('#serve-lan');
  return saveForm();
}

before(async () => {
  app = await openApp();
  wd = app.wd;
});

after(async () => {
  await app?.quit();
});

afterEach(() => app?.discardLeftover());

describe('settings apply without a restart', () => {
  test('the pause hotkey stops the recorder’s clock and resumes it; the notification is from Afterword', async () => {
    const before = await app.clips();
    const shown = notifications().length;
    xdo('key', 'ctrl+shift+r');
    await app.recorded(1000);
    xdo('key', 'ctrl+shift+p');
    const paused = await wd.waitFor('paused', async () => {
      const s = await app.status();
      return s.phase === 'paused' && s;
    });
    await sleep(1500); // the clock must not move while paused
    const still = await app.status();
    assert.equal(still.phase, 'paused');
    assert.ok(still.elapsed_ms - paused.elapsed_ms < 100, `paused clock moved ${paused.elapsed_ms} → ${still.elapsed_ms}`);
    xdo('key', 'ctrl+shift+p');
    await wd.waitFor('the clock to run again', async () => {
      const s = await app.status();
      return s.phase === 'recording' && s.elapsed_ms >= still.elapsed_ms + 500;
    });
    xdo('key', 'ctrl+shift+r');
    clip = await app.newClip(before);
    clip = await app.invoke('rename_clip', { id: clip.id, title: TITLE });
    const note = await wd.waitFor('the notification', () => notifications().slice(shown).find((n) => n.summary === 'Link copied'));
    assert.equal(note.app_name, 'Afterword', `the notification names the app: ${JSON.stringify(note)}`);
  });

  test('ticking LAN serving makes links answer on the LAN address at once; unticking closes it', async () => {
    assert.ok(clip, 'the first test made a clip');
    const lan = lanAddress();
    const p = await port();
    const before = await page(lan, p, tokenOf(await newLink()));
    assert.ok(before.error, `loopback only at first: ${JSON.stringify(before).slice(0, 200)}`);

    const saved = await setLan(true);
    assert.equal(saved.alert, false, saved.text);
    await app.shot('settings-lan-on');
    const link = await newLink();
    assert.equal(new URL(link).hostname, lan, `links made now point at the LAN address: ${link}`);
    assert.equal(await port(), p, 'the same port');
    const onLan = await page(lan, p, tokenOf(link));
    assert.equal(onLan.status, 200, JSON.stringify(onLan).slice(0, 200));
    assert.ok(onLan.body.includes(TITLE), 'the page names the clip');

    const off = await setLan(false);
    assert.equal(off.alert, false, off.text);
    const refused = await page(lan, p, tokenOf(link));
    assert.equal(refused.error, 'ECONNREFUSED', `the LAN address refuses: ${JSON.stringify(refused).slice(0, 200)}`);
    const loop = await page('127.0.0.1', p, tokenOf(link));
    assert.equal(loop.status, 200);
    assert.ok(loop.body.includes(TITLE));
    assert.match(await newLink(), new RegExp(`^http://127\\.0\\.0\\.1:${p}/s/`));
  });

  test('a bad base URL or a taken port is one line in red, and the running server keeps answering', async () => {
    const p = await port();
    const token = tokenOf(await newLink());
    await app.go('#/settings');
    await app.fill('#share-base-url', 'ftp://notes.example.org');
    const bad = await saveForm();
    assert.ok(bad.alert, 'shown as an error');
    assert.equal(bad.text, 'the share base URL must start with http:// or https://');
    assert.equal((await page('127.0.0.1', p, token)).status, 200, 'the server still answers');

    const taken = createServer();
    await new Promise((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const busy = taken.address().port;
      await freshForm(); // the saved base URL (none), not the refused one
      await app.fill('#share-port', String(busy));
      const refused = await saveForm();
      await app.shot('settings-port-taken');
      assert.ok(refused.alert, 'shown as an error');
      assert.match(refused.text, new RegExp(`^the share server cannot listen on 127\\.0\\.0\\.1:${busy}: .+\\. Pick another port in Settings$`));
      assert.ok(!refused.text.includes('\n'), 'one line');
      assert.equal(await port(), p, 'the server did not move');
      assert.equal((await page('127.0.0.1', p, token)).status, 200, 'and still answers');
      const kept = await app.invoke('get_settings');
      assert.notEqual(kept.share_port, busy, 'nothing of the refused save was kept');
    } finally {
      taken.close();
    }
  });

  test('a library folder that cannot be written is refused; the page says a new one applies at next start', async () => {
    await freshForm();
    assert.match(await app.text('#library-folder-hint'), /next time Afterword starts/);
    await app.fill('#library-folder', '/proc/afterword-library');
    const refused = await saveForm();
    assert.ok(refused.alert, 'shown as an error');
    assert.match(refused.text, /^cannot use \/proc\/afterword-library as the library folder \(.+\); pick a folder you can write to$/);
    assert.equal((await app.invoke('get_settings')).library_folder, null, 'not saved');
  });
});
