// Hotkeys on Wayland. A desktop whose portal offers no GlobalShortcuts
// (Debian 12's offers none): the app registers no hotkeys, says so once — a
// notification on its first start, not on the next — and the Settings and
// Record pages say it where the hotkeys would be. A desktop that offers it
// (global_shortcuts.py stands in for GNOME 48+ or KDE): the app binds its two
// hotkeys there, and a press the desktop reports starts a recording. The session is Wayland by its variables (the window itself
// stays on the suite's X server); the portals are on the suite's own bus.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { notifications, xdo } from './desktop.mjs';
import { openApp, sleep } from './webdriver.mjs';

const WAYLAND = { WAYLAND_DISPLAY: 'wayland-afterword-none', XDG_SESSION_TYPE: 'wayland', GDK_BACKEND: 'x11' };
const SUMMARY = 'No global hotkeys on this desktop';
const HERE = dirname(fileURLToPath(import.meta.url));
const told = () => notifications().filter((n) => n.summary === SUMMARY);

test('no hotkeys on such a desktop: said once, shown where the hotkeys would be, and the keys do nothing', async () => {
  const before = told().length;
  let app = await openApp({ env: WAYLAND });
  try {
    const note = await app.wd.waitFor('the notification', () => told()[before]);
    assert.match(note.body, /GlobalShortcuts|no portal answers/, note.body);
    assert.match(note.body, /tray icon/, note.body);

    await app.go('#/settings');
    const shown = await app.wd.waitFor('the Settings note', () => app.wd.execute("const p = document.querySelector('#no-hotkeys'); return p && p.textContent"));
    assert.match(shown, /tray icon/);
    assert.equal(await app.wd.execute("return document.querySelector('#hotkey-record').closest('fieldset').disabled"), true, 'the hotkey fields are off');
    await app.go('#/record');
    // (Until the app has answered, the page may show the usual hint.)
    await app.wd.waitFor('the Record page to say there are no hotkeys', () =>
      app.wd.execute("const p = document.querySelector('#record-hotkey'); return !!p && p.textContent.includes('No hotkeys on this desktop')"));

    xdo('key', 'ctrl+shift+r');
    await sleep(1500);
    assert.equal(await app.phase(), 'idle', 'the hotkey starts nothing: it is not registered');
  } finally {
    await app.discardLeftover();
    await app.quit();
  }

  // The next start says nothing more.
  app = await openApp({ env: WAYLAND });
  try {
    await app.go('#/settings');
    await app.wd.waitFor('the Settings note', () => app.wd.execute("return !!document.querySelector('#no-hotkeys')"));
    await sleep(1000);
    assert.equal(told().length, before + 1, 'told once');
  } finally {
    await app.quit();
  }
});

test('a desktop whose portal offers GlobalShortcuts binds the hotkeys there, and a press there starts a recording', async () => {
  // The suite bus's real xdg-desktop-portal (offering no GlobalShortcuts)
  // makes way for the stand-in of a desktop that offers it.
  // (The owner of the name on this bus only: other sessions' portals are
  // none of this test's business.)
  const owner = spawnSync('gdbus', ['call', '--session', '--dest', 'org.freedesktop.DBus', '--object-path', '/org/freedesktop/DBus',
    '--method', 'org.freedesktop.DBus.GetConnectionUnixProcessID', 'org.freedesktop.portal.Desktop'], { encoding: 'utf8' });
  const pid = /\(uint32 (\d+),\)/.exec(owner.stdout ?? '')?.[1];
  if (pid) {
    process.kill(Number(pid));
    for (let i = 0; i < 50 && spawnSync('kill', ['-0', pid]).status === 0; i += 1) await sleep(100);
  }
  const log = join(mkdtempSync(join(tmpdir(), 'afterword-shortcuts.')), 'calls.jsonl');
  const portal = spawn('/usr/bin/python3', [join(HERE, 'global_shortcuts.py'), log], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((ready, failed) => {
    portal.stdout.once('data', ready);
    portal.once('exit', (code) => failed(new Error(`the stand-in portal exited (${code}): is another portal on the bus?`)));
  });
  const calls = () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : []);
  const press = (id) =>
    execFileSync('gdbus', ['call', '--session', '--dest', 'org.freedesktop.portal.Desktop', '--object-path', '/org/freedesktop/portal/desktop',
      '--method', 'org.afterword.TestDesktop.Press', id], { timeout: 5000 });
  const app = await openApp({ env: WAYLAND });
  try {
    const bound = await app.wd.waitFor('the hotkeys bound through the portal', () => calls().find((c) => c.call === 'BindShortcuts'), 20000);
    assert.deepEqual(bound.shortcuts.map((s) => [s.id, s.preferred_trigger]), [['record', 'CTRL+SHIFT+r'], ['pause', 'CTRL+SHIFT+p']]);
    await app.go('#/settings');
    await app.wd.waitFor('the Settings note', () => app.wd.execute("return !!document.querySelector('#desktop-hotkeys')"));
    assert.equal(await app.wd.execute("return !!document.querySelector('#no-hotkeys')"), false);

    // The desktop says "record" was pressed: the app starts a recording,
    // which on this stand-in (it offers no ScreenCast) fails as it would on
    // such a desktop, and says why — the press reached the recorder.
    const shown = notifications().length;
    press('record');
    const note = await app.wd.waitFor('the recording attempt', () => notifications().slice(shown).find((n) => /screen-cast portal/.test(n.body)));
    assert.match(note.body, /no screen-cast portal answers/);
  } finally {
    await app.discardLeftover();
    await app.quit();
    portal.kill();
  }
});
