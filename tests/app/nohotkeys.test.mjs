// A Wayland desktop whose portal offers no GlobalShortcuts (Debian 12's
// offers none): the app registers no hotkeys, says so once — a
// notification on its first start, not on the next — and the Settings and
// Record pages say it where the hotkeys would be. The session is Wayland by
// its variables (the window itself stays on the suite's X server), and the
// portal asked is the one on the suite's own session bus.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { notifications, xdo } from './desktop.mjs';
import { openApp, sleep } from './webdriver.mjs';

const WAYLAND = { WAYLAND_DISPLAY: 'wayland-afterword-none', XDG_SESSION_TYPE: 'wayland', GDK_BACKEND: 'x11' };
const SUMMARY = 'No global hotkeys on this desktop';
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
