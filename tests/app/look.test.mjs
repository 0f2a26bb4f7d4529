// Every page of the app, light and dark, as screenshots for a reviewer
// ($ARTIFACTS/look-{light,dark}-<page>.png; run.sh's output folder, kept
// out of the repository). The theme is the system's: the app is started
// once with GTK_THEME=Adwaita and once with GTK_THEME=Adwaita:dark, which
// WebKitGTK turns into prefers-color-scheme as a dark desktop would. Each
// start has its own empty library and settings, so the empty pages (and
// what they say to do next) are shot before a clip, a document, a thread
// and a teammate are made and the full pages are shot.
//
//   SUITE_FILE=tests/app/look.test.mjs tests/app/run.sh
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openApp } from './webdriver.mjs';

for (const theme of ['light', 'dark']) {
  describe(`every page, ${theme}`, () => {
    let app;
    let wd;
    let home;
    // Each page as the reviewer sees it, with nothing running past the edge
    // of its card (the microphone's select did, at the app's 1280 px).
    const shot = async (page) => {
      await app.shot(`look-${theme}-${page}`);
      assert.deepEqual(await app.overflowing(), [], `on the ${page} page`);
    };

    before(async () => {
      home = mkdtempSync(join(tmpdir(), `afterword-look-${theme}.`));
      app = await openApp({
        env: {
          GTK_THEME: theme === 'dark' ? 'Adwaita:dark' : 'Adwaita',
          AFTERWORD_HOME: join(home, 'library'),
          XDG_CONFIG_HOME: join(home, 'config'),
          XDG_DATA_HOME: join(home, 'data'),
        },
      });
      wd = app.wd;
    });

    after(async () => {
      await app?.discardLeftover();
      await app?.quit();
      if (home) rmSync(home, { recursive: true, force: true });
    });

    test(`the pages follow the system's ${theme} theme`, async () => {
      const dark = await wd.execute('return matchMedia("(prefers-color-scheme: dark)").matches');
      assert.equal(dark, theme === 'dark');
      const [bg, fg] = await wd.execute('const s = getComputedStyle(document.documentElement); return [s.backgroundColor, s.color];');
      const light = (c) => c.match(/\d+/g).slice(0, 3).reduce((a, b) => a + Number(b), 0) / 3 > 128;
      assert.equal(light(bg), theme === 'light', `the background is ${bg}`);
      assert.equal(light(fg), theme === 'dark', `the text is ${fg}`);
    });

    test('empty pages say what to do next', async () => {
      for (const page of ['documents', 'threads', 'inbox', 'search']) {
        await app.go(`#/${page}`);
        await wd.waitFor(`the empty ${page} page`, () => wd.find(`.page.${page} .empty-state`));
        await shot(`${page}-empty`);
      }
      await app.go('#/library');
      // The hotkey arrives with the settings, a moment after the page.
      const title = () => wd.execute('const e = document.querySelector("#no-clips .empty-title"); return e && e.textContent;');
      await wd.waitFor('the hotkey in the empty library', async () => (await title()) === 'No clips yet — press Ctrl+Shift+R', 5000).catch(() => undefined);
      assert.equal(await title(), 'No clips yet — press Ctrl+Shift+R', 'the hotkey from Settings');
      await shot('library-empty');
      // The keyboard's focus ring: Tab from the page's start lands on the
      // sidebar (the window must hold the keyboard: an earlier test file's
      // windows may have had it).
      const tab = { type: 'key', id: 'keyboard', actions: [{ type: 'keyDown', value: '\uE004' }, { type: 'keyUp', value: '\uE004' }] };
      await app.invoke('plugin:window|set_focus', { label: 'main' });
      await wd.execute('document.activeElement && document.activeElement.blur();');
      const ring = await wd.waitFor('a control focused from the keyboard', async () => {
        await wd.cmd('POST', '/actions', { actions: [tab] });
        return wd.execute('const a = document.activeElement; return a && a !== document.body && a.matches(":focus-visible") && getComputedStyle(a).outlineStyle;');
      }, 10000);
      assert.equal(ring, 'solid', 'the focused control shows a ring');
      await shot('focus-ring');
    });

    test('every page, with something on it', async () => {
      await app.go('#/record');
      await app.click('#start');
      await app.recorded(1000);
      await shot('record-recording');
      // Another page shows the recording's clock at the top of the sidebar.
      await app.go('#/search');
      await shot('search-while-recording');
      await app.go('#/record');
      const main = await wd.window();
      for (const handle of await wd.windows()) {
        if (handle === main) continue;
        await wd.switchTo(handle);
        if (await wd.execute('return !!document.querySelector(".control-bar")')) await shot('floating-control');
      }
      await wd.switchTo(main);
      await app.recorded(2500);
      await app.click('#stop');
      await wd.waitFor('the link', () => app.text('#last-link code'), 30000);
      await shot('record');
      // Devices that could not be listed are explained in their own card (a
      // camera's reason once sat under "What to record").
      const misplaced = await wd.execute(`return [...document.querySelectorAll('.device-problem')]
        .filter((p) => /camera/i.test(p.textContent) !== !!p.closest('.camera-settings')).map((p) => p.textContent);`);
      assert.deepEqual(misplaced, [], 'each device problem in its card');
      // With no window to pick (no window manager lists any here), "Window"
      // cannot be chosen and its list says why; with some, the first is
      // what the list shows and what would be recorded.
      const [windows, windowChoice] = await Promise.all([
        app.invoke('devices').then((d) => d.windows),
        wd.execute(`const s = document.querySelector('#window');
          return { disabled: document.querySelector('#kind-window').disabled, shown: s.selectedOptions[0]?.textContent };`),
      ]);
      assert.deepEqual(windowChoice, windows.length
        ? { disabled: false, shown: windows[0].title || `0x${windows[0].id.toString(16)}` }
        : { disabled: true, shown: 'No windows to pick' });
      // A device's name may be longer than its select is wide (WebKit cuts
      // it without an ellipsis): each device select says it whole in its title.
      const untitled = await wd.execute(`return ['#monitor', '#window', '#microphone', '#camera']
        .map((id) => document.querySelector(id))
        .filter((s) => s.title !== s.selectedOptions[0]?.textContent)
        .map((s) => '#' + s.id + ' shows ' + JSON.stringify(s.selectedOptions[0]?.textContent) + ', its title is ' + JSON.stringify(s.title));`);
      assert.deepEqual(untitled, []);
      const [clip] = await app.clips();
      await app.invoke('add_comment', { clip: clip.id, body: 'Love how the chart moves here — can we keep this?', atMs: 800, endMs: null, parentId: null });
      await app.invoke('add_comment', { clip: clip.id, body: 'Numbers from Friday’s run', atMs: 1600, endMs: 2200, parentId: null });
      for (const [emoji, at] of [['🎉', 600], ['👍', 1200], ['🔥', 1900]]) await app.invoke('add_reaction', { clip: clip.id, atMs: at, emoji });

      await app.go('#/library');
      await wd.waitFor('the thumbnail', () =>
        wd.execute('const i = document.querySelector(".card img"); return !!i && i.complete && i.naturalWidth > 0;'),
      );
      await shot('library');
      await app.go(`#/clip/${encodeURIComponent(clip.id)}`);
      await wd.waitFor('the video', () => wd.execute('return document.querySelector("video").readyState >= 2;'));
      await wd.waitFor('the comments', () => wd.find('.comments .comment'));
      await shot('clip');
      // Below the player: reactions, the transcript and the discussion.
      await wd.execute('document.querySelector(".content").scrollTo(0, document.querySelector(".discussion").offsetTop - 120);');
      await shot('clip-discussion');
      await wd.execute('document.querySelector(".content").scrollTo(0, 0);');

      await app.go('#/people');
      await app.fill('#new-member-name', 'Ben');
      await app.fill('#new-member-time-zone', 'America/New_York');
      await app.fill('#new-member-hours', '08:30-16:30');
      await app.fill('#new-member-days', 'mon-fri');
      await app.click('#add-member');
      const ben = await wd.waitFor('Ben in the team', async () => (await app.invoke('people')).find((p) => p.name === 'Ben'));
      await wd.waitFor('Ben on the page', () => wd.find(`[data-person="${ben.id}"]`));
      await shot('people');

      const doc = await app.invoke('new_document', { title: 'Pricing page brief', template: 'brief', folder: 'Launch' });
      await app.invoke('embed_clip', { document: doc.id, clip: clip.id });
      await app.go('#/documents');
      await wd.waitFor('the document row', () => wd.find(`[data-document="${doc.id}"]`));
      await shot('documents');
      await app.go(`#/document/${encodeURIComponent(doc.id)}`);
      await wd.waitFor('the embedded player', () => wd.execute('const v = document.querySelector(".markdown video"); return v && v.readyState >= 1;'));
      await shot('document');

      const thread = await app.invoke('new_thread', {
        thread: { title: 'Onboarding flow', urgency: 'urgent', participants: [ben.id], needs_live: false, message: 'Does step 3 still need the email check?' },
      });
      await app.invoke('post_message', { thread: thread.id, body: null, clip: clip.id });
      await app.go('#/threads');
      await wd.waitFor('the thread row', () => wd.find(`[data-thread="${thread.id}"]`));
      await shot('threads');
      await app.go(`#/thread/${encodeURIComponent(thread.id)}`);
      await wd.waitFor('the thread', () => wd.find('#thread-title'));
      await shot('thread');
      await app.go('#/inbox');
      await shot('inbox');

      await app.go('#/search');
      await app.fill('#search-query', 'chart');
      await app.click('#search-go');
      await wd.waitFor('a hit', () => wd.find('.hits li'));
      await shot('search');
      await app.go('#/settings');
      await wd.waitFor('the form', () => wd.find('#hotkey-record'));
      await shot('settings');
      await wd.execute('document.querySelector(".content").scrollTo(0, 1e6);');
      await shot('settings-end');
    });
  });
}
