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
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatMs, openApp } from './webdriver.mjs';

const CLI = process.env.CLI_BIN ?? join(dirname(process.env.APP_BIN ?? ''), 'afterword');
let app;
let wd;
const cli = (...args) => JSON.parse(execFileSync(CLI, ['--json', ...args], { encoding: 'utf8', timeout: 20000 }));

before(async () => {
  assert.ok(existsSync(CLI), `the afterword CLI is needed at ${CLI} (cargo build -p afterword-cli, or set CLI_BIN)`);
  app = await openApp();
  wd = app.wd;
});

after(async () => {
  await app?.quit();
});

describe('the async workflow in the app', () => {
  test('a brief from its template shows an embedded clip as a player', async () => {
    const started = await app.invoke('record_start', { target: { kind: 'screen' } });
    await app.recorded(1500);
    await app.invoke('record_stop');
    const clip = await app.invoke('get_clip', { id: started.clip_id });
    assert.equal(clip.status, 'ready');
    assert.ok(clip.duration_ms >= 1400, `a clip of ${clip.duration_ms} ms`);

    await app.go('#/documents');
    await app.fill('#new-doc-title', 'Pricing page brief');
    await app.fill('#new-doc-template', 'brief');
    await app.click('#new-doc-create');
    await wd.waitFor('the new document', async () => (await wd.text(await wd.find('#doc-title'))) === 'Pricing page brief');
    const headings = await wd.execute('return [...document.querySelectorAll(".markdown h3")].map((h) => h.textContent)');
    assert.deepEqual(headings, ['Context', 'Watch before we meet', 'Questions', 'Decisions']);

    await wd.waitFor('the clip in the picker', () => wd.find(`#embed-clip option[value="${clip.id}"]`));
    await app.fill('#embed-clip', clip.id);
    await app.click('#embed-clip-button');
    const video = `.markdown .embed[data-clip="${clip.id}"] video`;
    const loaded = await wd.waitFor('the embedded player to load the clip', () =>
      wd.execute('const v = document.querySelector(arguments[0]); return v && v.readyState >= 1 && { width: v.videoWidth, ms: v.duration * 1000 };', video),
    );
    assert.ok(loaded.width > 0, `the player shows the clip (${loaded.width} px wide)`);
    assert.ok(Math.abs(loaded.ms - clip.duration_ms) <= 150, `the video is ${loaded.ms} ms long, the clip ${clip.duration_ms} ms`);
    const clock = await wd.text(await wd.find(`.markdown .embed[data-clip="${clip.id}"] .clock .duration`));
    assert.equal(clock, formatMs(clip.duration_ms), 'the player shows the clip’s length');
    await app.click('.embedded-comments summary');
    await wd.waitFor('the comments link', () => wd.find(`.embedded-comments a[href="#/clip/${clip.id}"]`));
    await app.shot('document-brief');
  });

  let threadId;

  test('a thread a teammate answered awaits my reply, due on my clock', async () => {
    await app.go('#/people');
    await app.fill('#new-member-name', 'Ben');
    await app.fill('#new-member-time-zone', 'America/New_York');
    await app.fill('#new-member-hours', '08:30-16:30');
    await app.fill('#new-member-days', 'mon-fri');
    await app.click('#add-member');
    const ben = await wd.waitFor('Ben in the team', async () =>
      (await app.invoke('people')).find((p) => p.name === 'Ben'),
    );
    await wd.waitFor('Ben on the page', () => wd.find(`[data-person="${ben.id}"]`));

    await app.go('#/threads');
    await app.fill('#new-thread-title', 'Onboarding flow');
    await app.fill('#new-thread-urgency', 'standard');
    await app.click(`input[name=participant][value="${ben.id}"]`);
    await app.fill('#new-thread-message', 'Which onboarding flow should we ship?');
    await app.click('#new-thread-create');
    await wd.waitFor('the thread page', async () => (await wd.text(await wd.find('#thread-title'))) === 'Onboarding flow');
    threadId = decodeURIComponent((await wd.execute('return location.hash')).split('/').pop());

    cli('--as', 'Ben', 'threads', 'post', threadId, 'The short one; can you confirm?');
    const expected = cli('inbox').awaiting_me.find((i) => i.thread_id === threadId);
    assert.ok(expected, 'the library has it awaiting me');

    await app.go('#/inbox');
    const row = `#awaiting-me .inbox-item[data-thread="${threadId}"]`;
    await wd.waitFor('the thread in my inbox', () => wd.find(row));
    const shown = await wd.execute(
      'const t = document.querySelector(arguments[0]); return { at: t.getAttribute("datetime"), text: t.textContent };',
      `${row} .due-at`,
    );
    assert.equal(shown.at, expected.due_at);
    const me = (await app.invoke('people')).find((p) => p.is_me);
    const clock = new Date(expected.due_at).toLocaleTimeString('en-GB', { timeZone: me.time_zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    assert.ok(shown.text.includes(clock), `due "${shown.text}" shows ${clock} in ${me.time_zone}`);
    await app.shot('inbox');
    const text = await wd.execute('return document.querySelector(arguments[0]).textContent', row);
    assert.match(text, /Onboarding flow/);
    assert.match(text, /Ben: The short one/);
  });

  test('a reply recorded from the thread is posted to it, and a resolved thread leaves the inbox', async () => {
    await app.go(`#/thread/${encodeURIComponent(threadId)}`);
    await app.click('#reply-record');
    await app.recorded(1000);
    await app.click('#reply-stop');
    await wd.waitFor('the reply as a player in the thread', () =>
      wd.execute('return document.querySelectorAll(".messages .message.mine video").length === 1'),
      30000,
    );
    await app.shot('thread-reply');
    const inbox = await app.invoke('inbox');
    assert.ok(!inbox.awaiting_me.some((i) => i.thread_id === threadId), 'answered: no longer awaiting me');
    assert.ok(inbox.owed_to_me.some((i) => i.thread_id === threadId && i.waiting_on === 'Ben'), 'now Ben owes a reply');

    await app.click('#thread-resolve');
    await wd.waitFor('resolved', async () => (await wd.text(await wd.find('#thread-resolve'))) === 'Reopen');
    await app.go('#/inbox');
    await wd.waitFor('the thread under resolved', () => wd.find(`#resolved [data-thread="${threadId}"]`));
    assert.equal((await wd.findAll(`.inbox-item[data-thread="${threadId}"]`)).length, 0);
    assert.equal(cli('--as', 'Ben', 'inbox').awaiting_me.length, 0, 'and it left Ben’s inbox too');
  });
});
