// Everything from the window (issue 16), over WebDriver and the real
// desktop: a video imported through the GTK file chooser (driven with
// xdotool, as a person types a path into it) and one dragged from another
// program's window onto the Library page (real XDND); a real Garage added as team
// storage in Settings and tested, a store that does not answer named as
// such; the clip published with a progress bar through a slowed proxy, the
// connection dropped mid-way and the publish resumed with the parts already
// sent, and again after the app was quit mid-upload; the link (the bucket's
// website, the target's public URL) read from the clipboard and fetched as
// anyone would; the tray's "Publish to" menu; export through "Save as…"
// and the library folder through the folder chooser; a hotkey recorded from a
// keypress, and one another program holds refused with the old one still
// working. Started by run.sh.
import { execFile, execFileSync, spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { clipboard, notifications, openTrayMenu, setClipboard, visibleWindows, xdo } from './desktop.mjs';
import { openApp, sleep } from './webdriver.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const KEY_ID = 'GK0123456789abcdef01234567';
const SECRET = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
const BUCKET = 'afterword';
const TITLE = 'team demo';

let app;
let wd;
let scratch;
let garage;
let proxy;
let clip;
const children = [];

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function waitPort(port, what, ms = 30000) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const open = await new Promise((resolve) => {
      const c = connect(port, '127.0.0.1', () => (c.destroy(), resolve(true)));
      c.on('error', () => resolve(false));
    });
    if (open) return;
    await sleep(50);
  }
  throw new Error(`${what} did not open port ${port} in ${ms} ms`);
}

function garageBin() {
  if (process.env.GARAGE_BIN) return process.env.GARAGE_BIN;
  const cargo = join(process.env.HOME ?? '', '.cargo/bin/garage');
  return existsSync(cargo) ? cargo : 'garage';
}

/**
 * A single-node Garage with a default key and bucket, every port on loopback
 * (as crates/storage/tests do), and the bucket served as a website: where
 * anyone reads it without a key, the target's public URL.
 */
async function startGarage(dir) {
  const [rpc, s3, admin, web] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const config = join(dir, 'garage.toml');
  writeFileSync(
    config,
    `metadata_dir = "${dir}/meta"\ndata_dir = "${dir}/data"\ndb_engine = "sqlite"\nreplication_factor = 1\n` +
      `rpc_bind_addr = "127.0.0.1:${rpc}"\nrpc_public_addr = "127.0.0.1:${rpc}"\n` +
      `rpc_secret = "4425f5c26c5e11581d3223904324dcb5b5d5dfb14e5e7f35e38c595424f5f1e6"\n\n` +
      `[s3_api]\ns3_region = "garage"\napi_bind_addr = "127.0.0.1:${s3}"\nroot_domain = ".s3.garage.localhost"\n\n` +
      `[s3_web]\nbind_addr = "127.0.0.1:${web}"\nroot_domain = ".web.garage.localhost"\n\n` +
      `[admin]\napi_bind_addr = "127.0.0.1:${admin}"\n`,
  );
  const child = spawn(garageBin(), ['-c', config, 'server', '--single-node', '--default-bucket'], {
    env: { ...process.env, GARAGE_DEFAULT_ACCESS_KEY: KEY_ID, GARAGE_DEFAULT_SECRET_KEY: SECRET, GARAGE_DEFAULT_BUCKET: BUCKET, RUST_LOG: 'garage=warn' },
    stdio: 'ignore',
  });
  children.push(child);
  await waitPort(s3, 'garage');
  execFileSync(garageBin(), ['-c', config, 'bucket', 'website', '--allow', BUCKET], { stdio: 'ignore', timeout: 30000 });
  // The website answers by the Host header; curl --resolve puts the name on loopback.
  return { port: s3, web, publicUrl: `http://${BUCKET}.web.garage.localhost:${web}` };
}

/**
 * A TCP proxy in front of Garage that slows the upload down (so the
 * progress bar has something to show) and can cut every connection once a
 * number of bytes went up, refusing new ones until healed.
 */
async function startProxy(upstream, bytesPerSecond) {
  const state = { sent: 0, budget: Infinity, cut: false, sockets: new Set() };
  const server = createServer((client) => {
    if (state.cut) return client.destroy();
    const up = connect(upstream, '127.0.0.1');
    state.sockets.add(client).add(up);
    const close = () => (client.destroy(), up.destroy(), state.sockets.delete(client), state.sockets.delete(up));
    client.on('error', close).on('close', close);
    up.on('error', close).on('close', close);
    up.pipe(client);
    client.on('data', (chunk) => {
      state.sent += chunk.length;
      if (state.sent > state.budget) {
        state.cut = true;
        for (const s of state.sockets) s.destroy();
        return;
      }
      up.write(chunk);
      client.pause();
      setTimeout(() => client.resume(), (chunk.length / bytesPerSecond) * 1000);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${server.address().port}`,
    cutAfter: (bytes) => (state.budget = state.sent + bytes),
    heal: () => ((state.budget = Infinity), (state.cut = false)),
    close: () => (server.close(), [...state.sockets].forEach((s) => s.destroy())),
  };
}

/** A ~50 MB real video (60 s of 1280x720 at 7 Mb/s, 10 fps), seven 8 MiB parts. */
function makeVideo(path) {
  execFileSync('ffmpeg', [
    '-y', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=10', '-t', '60',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-b:v', '7M', '-minrate', '7M', '-maxrate', '7M', '-bufsize', '2M',
    '-pix_fmt', 'yuv420p', '-movflags', '+faststart', path,
  ], { timeout: 300000 });
}

/** GET a link as anyone would: no key, no cookie (the name resolved to loopback). */
async function fetchAnonymously(url, out) {
  const { host, port } = new URL(url);
  const args = ['-sS', '-f', '--resolve', `${host.split(':')[0]}:${port}:127.0.0.1`, '-o', out, '-w', '%{http_code}', url];
  return (await promisify(execFile)('curl', args, { encoding: 'utf8', timeout: 30000 })).stdout;
}

/** The desktop's file chooser, once it is on screen, with its window id. */
async function fileChooser(title) {
  return wd.waitFor(`the “${title}” file chooser`, () => visibleWindows('--name', `^${title}$`)[0], 20000);
}

/** Types a path into the GTK file chooser as a person does: Ctrl+L, the path, Enter. */
async function choosePath(title, path, { save = false } = {}) {
  const win = await fileChooser(title);
  xdo('windowfocus', win);
  // A save dialog's name field holds the offered name (a whole path typed
  // there replaces it); an open dialog takes a path in its location bar.
  xdo('key', '--clearmodifiers', save ? 'ctrl+a' : 'ctrl+l');
  xdo('type', '--delay', '20', path);
  await sleep(300); // GTK's location completion settles before Enter is read
  xdo('key', 'Return');
  await wd.waitFor('the file chooser to close', () => visibleWindows('--name', `^${title}$`).length === 0, 20000);
}

/** Where a window is on the screen. */
function geometry(win) {
  const g = Object.fromEntries(xdo('getwindowgeometry', '--shell', win).split('\n').map((l) => l.split('=')));
  return { x: Number(g.X), y: Number(g.Y), width: Number(g.WIDTH), height: Number(g.HEIGHT) };
}

/** The Afterword window, focused, so keys typed with xdotool reach the page. */
function focusApp() {
  const win = visibleWindows('--name', '^Afterword$')[0];
  assert.ok(win, 'the main window is on screen');
  xdo('windowfocus', win);
  return win;
}

const note = (css) =>
  wd.waitFor(`${css} to say something`, () =>
    wd.execute('const n = document.querySelector(arguments[0]); return n && n.textContent && { text: n.textContent, alert: n.getAttribute("role") === "alert" };', css), 60000);

before(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'afterword-window.'));
  makeVideo(join(scratch, 'team-demo.mp4'));
  garage = await startGarage(scratch);
  proxy = await startProxy(garage.port, 8 * 1024 * 1024);
  // Credentials from the environment Afterword starts in, as the README says.
  app = await openApp({ env: { AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET } });
  wd = app.wd;
});

after(async () => {
  await app?.quit();
  proxy?.close();
  for (const c of children) c.kill();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

afterEach(() => app?.discardLeftover());

describe('everything from the window', () => {
  test('a video imported through the file chooser becomes a clip', async () => {
    const before = await app.clips();
    await app.go('#/library');
    await app.click('#import');
    await choosePath('Import videos', join(scratch, 'team-demo.mp4'));
    const said = await note('#import-note');
    assert.equal(said.alert, false, said.text);
    assert.equal(said.text, `Imported “${TITLE}”.`);
    clip = await app.newClip(before);
    assert.equal(clip.title, TITLE);
    assert.ok(Math.abs(clip.duration_ms - 60000) < 500, `60 s long: ${clip.duration_ms}`);
    await wd.waitFor('its card', () => wd.execute('return [...document.querySelectorAll("#clips *")].some((e) => e.textContent === arguments[0])', TITLE));
    await app.shot('library-imported');
  });

  test('a video dragged from another program and dropped on the Library page is imported', async () => {
    const file = join(scratch, 'dropped-clip.mp4');
    copyFileSync(join(scratch, 'team-demo.mp4'), file);
    await app.go('#/library');
    const target = geometry(focusApp());
    const source = spawn('/usr/bin/python3', [join(HERE, 'drag.py'), file, String(target.x + target.width + 20), String(target.y + 40)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(source);
    await new Promise((resolve, reject) => {
      source.stdout.on('data', (d) => String(d).includes('ready') && resolve());
      source.on('exit', (code) => reject(new Error(`the drag source exited (${code})`)));
    });
    try {
      const from = geometry(await wd.waitFor('the drag source', () => visibleWindows('--name', '^afterword-drag-source$')[0]));
      const [sx, sy] = [from.x + Math.floor(from.width / 2), from.y + Math.floor(from.height / 2)];
      const [tx, ty] = [target.x + Math.floor(target.width / 2), target.y + Math.floor(target.height / 2)];
      // Press on the label, move past GTK's drag threshold and across in steps (each a motion
      // event the XDND exchange answers), release over the Library page.
      xdo('mousemove', String(sx), String(sy), 'mousedown', '1');
      for (let i = 1; i <= 12; i += 1) {
        xdo('mousemove', String(Math.round(sx + ((tx - sx) * i) / 12)), String(Math.round(sy + ((ty - sy) * i) / 12)));
        await sleep(50);
      }
      xdo('mouseup', '1');
      const said = await wd.waitFor('the dropped file imported', async () => {
        const n = await wd.execute('const n = document.querySelector("#import-note"); return n && n.textContent;');
        return n && n.includes('dropped clip') && n;
      }, 60000);
      assert.equal(said, 'Imported “dropped clip”.');
      assert.ok((await app.clips()).some((c) => c.title === 'dropped clip'), 'a clip in the library');
    } finally {
      source.kill();
      xdo('mousemove', '0', '1079');
    }
  });

  test('team storage is added in Settings and tested; a store that does not answer says so', async () => {
    await app.go('#/settings');
    const add = async (name, endpoint, publicUrl = '') => {
      await app.fill('#target-name', name);
      await app.fill('#target-url', `s3://${BUCKET}/team/notes`);
      await app.fill('#target-endpoint', endpoint);
      await app.fill('#target-region', 'garage');
      await app.fill('#target-public-url', publicUrl);
      await app.click('#add-target');
      await wd.waitFor(`${name} in the list`, () => wd.find(`[data-target="${name}"]`));
    };
    await add('team', proxy.endpoint, garage.publicUrl);
    const added = await note('#storage-note');
    assert.equal(added.text, 'Added “team”. Test it to check that it works.');
    await app.click('[data-target="team"] [data-action="test"]');
    const works = await wd.waitFor('the test', async () => {
      const n = await note('#storage-note');
      return n.text.startsWith('“team” works') && n;
    });
    assert.equal(works.alert, false);

    await add('nowhere', `http://127.0.0.1:${await freePort()}`);
    await app.click('[data-target="nowhere"] [data-action="test"]');
    const failed = await wd.waitFor('the failed test', async () => {
      const n = await note('#storage-note');
      return n.alert && n;
    }, 60000);
    assert.match(failed.text, /^No answer: http:\/\/127\.0\.0\.1:\d+ does not answer; .*Team storage in Settings/);
    await app.shot('settings-storage');
    await wd.execute('window.confirm = () => true;'); // the page asks before forgetting a target
    await app.click('[data-target="nowhere"] [data-action="remove"]');
    await wd.waitFor('nowhere gone', async () => !(await wd.execute('return !!document.querySelector(\'[data-target="nowhere"]\')')));
    assert.deepEqual((await app.invoke('storage_targets')).map((t) => t.name), ['team']);
  });

  test('publishing shows progress, resumes after a dropped connection, and puts a link that opens on the clipboard', async () => {
    assert.ok(clip, 'the import test made a clip');
    await app.go(`#/clip/${encodeURIComponent(clip.id)}`);
    setClipboard('before publishing');
    const percents = new Set();
    const watch = async (done) => {
      while (!(await done())) {
        const p = await wd.execute('const p = document.querySelector("#publish-progress progress"); return p && Number(p.dataset.percent);');
        if (typeof p === 'number') percents.add(p);
        await sleep(100);
      }
    };
    const finished = () => wd.execute('const n = document.querySelector("#publish-note"); return !!n && !document.querySelector("#publish-progress");');
    const publish = async () => {
      await app.click('[data-target="team"].publish-to');
      await wd.waitFor('the progress bar', () => wd.find('#publish-progress'));
      await watch(finished);
    };

    // Cut after 40 MiB: the first wave of four 8 MiB parts is acknowledged, the second is not.
    proxy.cutAfter(40 * 1024 * 1024);
    await publish();
    const dropped = await note('#publish-note');
    assert.ok(dropped.alert, dropped.text);
    assert.match(dropped.text, /^Connection dropped: .*Press Publish again to resume/);
    assert.ok([...percents].some((p) => p > 0 && p < 100), `the bar moved: ${[...percents].join(', ')}`);
    assert.equal(clipboard(), 'before publishing', 'no link until it is up');

    proxy.heal();
    await publish();
    const done = await note('#publish-note');
    assert.equal(done.alert, false, done.text);
    assert.match(done.text, /^Published to team \(.+ sent, resumed after [1-9]\d* part\(s\) already there\)\. The link is on the clipboard\.$/);
    await app.shot('clip-published');

    const link = clipboard();
    assert.equal(link, `${garage.publicUrl}/team/notes/clips/${clip.id}/index.html`, 'the page at the bucket’s public URL');
    const page = join(scratch, 'index.html');
    assert.equal(await fetchAnonymously(link, page), '200');
    assert.ok(readFileSync(page, 'utf8').includes(TITLE), 'the page names the clip');
    const media = join(scratch, 'media.mp4');
    assert.match(readFileSync(page, 'utf8'), /<video[^>]* src="media\.mp4"/, 'the page plays the clip beside it');
    assert.equal(await fetchAnonymously(link.replace(/index\.html$/, 'media.mp4'), media), '200');
    const library = Buffer.from(await (await fetch(clip.media_url)).arrayBuffer());
    assert.ok(readFileSync(media).equals(library), 'the bucket holds the library’s file, byte for byte');
    const shown = await wd.execute('const p = document.querySelector(\'[data-published="team"] code\'); return p && p.textContent;');
    assert.equal(shown, link, 'the Clip page shows where it is published');
  });

  test('a publish cut short by quitting the app resumes at the next start', async () => {
    await app.invoke('add_storage_target', { form: { name: 'archive', url: `s3://${BUCKET}/archive`, endpoint: proxy.endpoint, region: 'garage', profile: null, public_url: null } });
    await app.go('#/library');
    await app.go(`#/clip/${encodeURIComponent(clip.id)}`);
    await app.click('[data-target="archive"].publish-to');
    // A part is acknowledged (and journalled) before the bar moves off 0.
    await wd.waitFor('a part to be sent', () => wd.execute('const p = document.querySelector("#publish-progress progress"); return p && Number(p.dataset.percent) > 0;'), 60000);
    await app.quit();
    app = await openApp({ env: { AWS_ACCESS_KEY_ID: KEY_ID, AWS_SECRET_ACCESS_KEY: SECRET } });
    wd = app.wd;
    assert.deepEqual(await app.invoke('publications', { clip: clip.id }).then((ps) => ps.map((p) => p.target)), ['team'], 'nothing recorded for the cut-short publish');
    await app.go(`#/clip/${encodeURIComponent(clip.id)}`);
    await app.click('[data-target="archive"].publish-to');
    const done = await wd.waitFor('the publish to finish', async () => {
      const n = await wd.execute('const n = document.querySelector("#publish-note"); return n && { text: n.textContent, alert: n.getAttribute("role") === "alert" };');
      return n && n;
    }, 120000);
    assert.equal(done.alert, false, done.text);
    assert.match(done.text, /^Published to archive \(.+ sent, resumed after [1-9]\d* part\(s\) already there\)\./);
    assert.equal(clipboard(), `${proxy.endpoint}/${BUCKET}/archive/clips/${clip.id}/index.html`, 'no public URL: the link is at the endpoint');
  });

  test('the tray publishes a recent clip and copies its link', async () => {
    setClipboard('before the tray');
    const newest = (await app.clips())[0]; // the top of the tray's recent clips
    const shown = notifications().length;
    const menu = await openTrayMenu();
    // Quit, Recent clips, Publish to team (targets by name: archive, team), its first clip.
    menu.keys('End', 'Up', 'Up', 'Right');
    await menu.submenu();
    menu.keys('Return');
    await menu.closed();
    const copied = await wd.waitFor('the link notification', () => notifications().slice(shown).find((n) => n.summary === 'Link copied' || n.summary === 'Not published'), 60000);
    assert.equal(copied.summary, 'Link copied', JSON.stringify(copied));
    assert.equal(clipboard(), `${garage.publicUrl}/team/notes/clips/${newest.id}/index.html`);
    assert.ok(notifications().slice(shown).some((n) => n.summary === 'Publishing' && n.body === `${newest.title} to team…`), 'it said it began');
    assert.equal(await fetchAnonymously(clipboard(), join(scratch, 'tray.html')), '200');
  });

  test('export goes where the “Save as…” dialog says', async () => {
    clip = await app.invoke('get_clip', { id: clip.id }); // this start's media server
    await app.go(`#/clip/${encodeURIComponent(clip.id)}`);
    const dest = join(scratch, 'exported', 'chosen-name.mp4');
    execFileSync('mkdir', ['-p', dirname(dest)]);
    await wd.waitFor('Save as…', () => wd.find('#export-as'));
    await wd.execute('document.querySelector("#export-as").scrollIntoView(); document.querySelector("#export-as").click();');
    await choosePath('Export clip', dest, { save: true });
    const said = await wd.waitFor('the export', () => wd.execute('const n = document.querySelector(".tools > .note"); return n && n.textContent;'), 60000);
    assert.equal(said, `Exported to ${dest}`);
    const source = Buffer.from(await (await fetch(clip.media_url)).arrayBuffer());
    assert.ok(readFileSync(dest).equals(source), 'the same bytes as the library’s file');
  });

  test('the library folder is chosen in the folder chooser, for the next start', async () => {
    const folder = join(scratch, 'another-library');
    execFileSync('mkdir', ['-p', folder]);
    await app.go('#/settings');
    await app.click('#choose-library-folder');
    await choosePath('Library folder', folder);
    await wd.waitFor('the chosen folder in the field', async () => (await wd.execute('return document.querySelector("#library-folder").value')) === folder);
    await app.click('#save-settings');
    const saved = await note('#settings-note');
    assert.equal(saved.alert, false, saved.text);
    assert.match(saved.text, /new library folder is used the next time Afterword starts/);
    assert.equal((await app.invoke('get_settings')).library_folder, folder);
    // Back to the suite's library for whatever runs after this file.
    const settings = await app.invoke('get_settings');
    await app.invoke('save_settings', { settings: { ...settings, library_folder: null } });
  });

  test('a hotkey is recorded from the keys pressed; one another program holds is refused and the old one keeps working', async () => {
    await app.go('#/settings');
    // The field waits once the shell forwards the app's own hotkeys to it.
    const armed = (css) => wd.waitFor(`${css} to wait for keys`, () => wd.execute('return document.querySelector(arguments[0]).dataset.armed === "true"', css));
    const recordFrom = async (keys) => {
      await app.click('#hotkey-record');
      focusApp();
      await wd.execute('document.querySelector("#hotkey-record").focus();');
      await armed('#hotkey-record');
      const said = () => wd.execute('const n = document.querySelector("#settings-note"); return n && { text: n.textContent, alert: n.getAttribute("role") === "alert" };');
      const before = (await said())?.text;
      xdo('key', '--clearmodifiers', keys);
      return wd.waitFor(`the answer to ${keys}`, async () => {
        const n = await said();
        return n && n.text !== before && n;
      });
    };
    const saved = await recordFrom('ctrl+alt+k');
    assert.equal(saved.alert, false, saved.text);
    assert.equal(saved.text, 'Ctrl+Alt+K works now, with the window closed too.');
    assert.equal(await wd.execute('return document.querySelector("#hotkey-record").value'), 'Ctrl+Alt+K');
    assert.equal((await app.invoke('get_settings')).hotkey_record, 'Ctrl+Alt+K');
    await app.shot('settings-hotkey-recorded');

    const startsAndStops = async (keys) => {
      await wd.execute('document.activeElement?.blur();'); // done with the field, as a click elsewhere
      xdo('key', '--clearmodifiers', keys);
      await wd.waitFor(`${keys} to start a recording`, async () => (await app.phase()) === 'recording', 20000);
      await app.invoke('record_discard');
      await wd.waitFor('idle again', async () => (await app.phase()) === 'idle');
    };
    await startsAndStops('ctrl+alt+k');

    // Another program holds Ctrl+Alt+J (with Num Lock, so the plain keys still reach the page).
    const holder = spawn('/usr/bin/python3', [join(HERE, 'x11.py'), 'grab', 'j', String(4 | 8 | 16)], { stdio: ['ignore', 'pipe', 'inherit'] });
    children.push(holder);
    await new Promise((resolve, reject) => {
      holder.stdout.on('data', (d) => String(d).includes('grabbed') && resolve());
      holder.on('exit', (code) => reject(new Error(`the grab helper exited (${code})`)));
    });
    try {
      await app.go('#/library');
      await app.go('#/settings');
      const refused = await recordFrom('ctrl+alt+j');
      assert.ok(refused.alert, refused.text);
      assert.match(refused.text, /^Ctrl\+Alt\+J is already taken by another program or the desktop \(.+\); press another combination\. The hotkeys you had still work$/);
      assert.equal(await wd.execute('return document.querySelector("#hotkey-record").value'), 'Ctrl+Alt+K', 'the field shows the hotkey in force');
      assert.equal((await app.invoke('get_settings')).hotkey_record, 'Ctrl+Alt+K', 'nothing was saved');
      await app.shot('settings-hotkey-refused');
      await startsAndStops('ctrl+alt+k');
    } finally {
      holder.kill();
    }
  });
});
