// The async workflow in the real app, over WebDriver (started by run.sh,
// which owns the X, audio and D-Bus servers and a fresh library;
// `SUITE_FILE=tests/app/workflow.test.mjs tests/app/run.sh`): a
// pre-meeting brief from its template with a clip embedded plays in the
// rendered document; a teammate added on the People page answers a thread
// (through the `afterword` CLI acting as them, on the same library), the
// thread shows in my inbox awaiting my reply with its due time on my clock,
// I reply with a recording made from the thread, and after resolving it the
// thread leaves the inbox.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { WebDriver, sleep } from './webdriver.mjs';

const ARTIFACTS = process.env.ARTIFACTS ?? 'artifacts/app';
mkdirSync(ARTIFACTS, { recursive: true });
const CLI = process.env.CLI_BIN ?? join(dirname(process.env.APP_BIN ?? ''), 'afterword');
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
const go = async (hash) => {
  await wd.execute('window.location.hash = arguments[0];', hash);
  await sleep(300);
};
const shot = async (name) => {
  await sleep(500); // let the last change paint
  writeFileSync(join(ARTIFACTS, `${name}.png`), await wd.screenshot());
};
/** Types into an input the way Preact hears it (value + input event). */
const fill = (css, value) =>
  wd.execute(
    `const el = document.querySelector(arguments[0]); el.value = arguments[1];
     el.dispatchEvent(new Event(el.tagName === 'SELECT' ? 'change' : 'input', { bubbles: true }));`,
    css,
    value,
  );
const click = async (css) => wd.click(await wd.waitFor(css, () => wd.find(css)));
const cli = (...args) => JSON.parse(execFileSync(CLI, ['--json', ...args], { encoding: 'utf8', timeout: 20000 }));

before(async () => {
  assert.ok(existsSync(CLI), `the afterword CLI is needed at ${CLI} (cargo build -p afterword-cli, or set CLI_BIN)`);
  wd = await WebDriver.start(process.env.DRIVER, { 'tauri:options': { application: process.env.APP_BIN } });
  await wd.waitFor('the app to load', () => wd.execute('return !!document.querySelector(".app")'), 30000);
  const settings = await invoke('get_settings');
  await invoke('save_settings', { settings: { ...settings, countdown_secs: 0 } });
});

after(async () => {
  await wd?.quit().catch(() => undefined);
});

describe('the async workflow in the app', () => {
  test('a brief from its template shows an embedded clip as a player', async () => {
    const started = await invoke('record_start', { target: { kind: 'screen' } });
    await wd.waitFor('recording', async () => (await phase()) === 'recording');
    await sleep(1500);
    await invoke('record_stop');
    const clip = await invoke('get_clip', { id: started.clip_id });
    assert.equal(clip.status, 'ready');

    await go('#/documents');
    await fill('#new-doc-title', 'Pricing page brief');
    await fill('#new-doc-template', 'brief');
    await click('#new-doc-create');
    await wd.waitFor('the new document', async () => (await wd.text(await wd.find('#doc-title'))) === 'Pricing page brief');
    const headings = await wd.execute('return [...document.querySelectorAll(".markdown h3")].map((h) => h.textContent)');
    assert.deepEqual(headings, ['Context', 'Watch before we meet', 'Questions', 'Decisions']);

    await wd.waitFor('the clip in the picker', () => wd.find(`#embed-clip option[value="${clip.id}"]`));
    await fill('#embed-clip', clip.id);
    await click('#embed-clip-button');
    const video = `.markdown .embed[data-clip="${clip.id}"] video`;
    const width = await wd.waitFor('the embedded player to load the clip', () =>
      wd.execute('const v = document.querySelector(arguments[0]); return v && v.readyState >= 1 && v.videoWidth;', video),
    );
    assert.ok(width > 0, `the player shows the clip (${width} px wide)`);
    const clock = await wd.text(await wd.find(`.markdown .embed[data-clip="${clip.id}"] .clock .duration`));
    assert.match(clock, /^0:0[1-3]$/, 'the player knows the clip is about 1.5 s long');
    await click('.embedded-comments summary');
    await wd.waitFor('the comments link', () => wd.find(`.embedded-comments a[href="#/clip/${clip.id}"]`));
    await shot('document-brief');
  });

  let threadId;

  test('a thread a teammate answered awaits my reply, due on my clock', async () => {
    await go('#/people');
    await fill('#new-member-name', 'Ben');
    await fill('#new-member-time-zone', 'America/New_York');
    await fill('#new-member-hours', '08:30-16:30');
    await fill('#new-member-days', 'mon-fri');
    await click('#add-member');
    const ben = await wd.waitFor('Ben in the team', async () =>
      (await invoke('people')).find((p) => p.name === 'Ben'),
    );
    await wd.waitFor('Ben on the page', () => wd.find(`[data-person="${ben.id}"]`));

    await go('#/threads');
    await fill('#new-thread-title', 'Onboarding flow');
    await fill('#new-thread-urgency', 'standard');
    await click(`input[name=participant][value="${ben.id}"]`);
    await fill('#new-thread-message', 'Which onboarding flow should we ship?');
    await click('#new-thread-create');
    await wd.waitFor('the thread page', async () => (await wd.text(await wd.find('#thread-title'))) === 'Onboarding flow');
    threadId = decodeURIComponent((await wd.execute('return location.hash')).split('/').pop());

    cli('--as', 'Ben', 'threads', 'post', threadId, 'The short one; can you confirm?');
    const expected = cli('inbox').awaiting_me.find((i) => i.thread_id === threadId);
    assert.ok(expected, 'the library has it awaiting me');

    await go('#/inbox');
    const row = `#awaiting-me .inbox-item[data-thread="${threadId}"]`;
    await wd.waitFor('the thread in my inbox', () => wd.find(row));
    const shown = await wd.execute(
      'const t = document.querySelector(arguments[0]); return { at: t.getAttribute("datetime"), text: t.textContent };',
      `${row} .due-at`,
    );
    assert.equal(shown.at, expected.due_at);
    const me = (await invoke('people')).find((p) => p.is_me);
    const clock = new Date(expected.due_at).toLocaleTimeString('en-GB', { timeZone: me.time_zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    assert.ok(shown.text.includes(clock), `due "${shown.text}" shows ${clock} in ${me.time_zone}`);
    await shot('inbox');
    const text = await wd.execute('return document.querySelector(arguments[0]).textContent', row);
    assert.match(text, /Onboarding flow/);
    assert.match(text, /Ben: The short one/);
  });

  test('a reply recorded from the thread is posted to it, and a resolved thread leaves the inbox', async () => {
    await go(`#/thread/${encodeURIComponent(threadId)}`);
    await click('#reply-record');
    await wd.waitFor('recording the reply', async () => (await phase()) === 'recording');
    await sleep(1500);
    await click('#reply-stop');
    await wd.waitFor('the reply as a player in the thread', () =>
      wd.execute('return document.querySelectorAll(".messages .message.mine video").length === 1'),
      30000,
    );
    await shot('thread-reply');
    const inbox = await invoke('inbox');
    assert.ok(!inbox.awaiting_me.some((i) => i.thread_id === threadId), 'answered: no longer awaiting me');
    assert.ok(inbox.owed_to_me.some((i) => i.thread_id === threadId && i.waiting_on === 'Ben'), 'now Ben owes a reply');

    await click('#thread-resolve');
    await wd.waitFor('resolved', async () => (await wd.text(await wd.find('#thread-resolve'))) === 'Reopen');
    await go('#/inbox');
    await wd.waitFor('the thread under resolved', () => wd.find(`#resolved [data-thread="${threadId}"]`));
    assert.equal((await wd.findAll(`.inbox-item[data-thread="${threadId}"]`)).length, 0);
    assert.equal(cli('--as', 'Ben', 'inbox').awaiting_me.length, 0, 'and it left Ben’s inbox too');
  });
});
