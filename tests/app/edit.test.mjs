// Editing in the real app, over WebDriver (run.sh owns the X, audio and
// D-Bus servers and a fresh library; `SUITE_FILE=tests/app/edit.test.mjs
// tests/app/run.sh`): a 10 s clip imported with the CLI is trimmed on its
// Clip page by dragging the start handle with real pointer actions, the
// page shows the new length and then "Ready to share" once the renderer
// thread has made the file, and the player plays that render; a range
// selected on the timeline is cut, Undo brings the trim back, Reset the
// whole clip.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatMs, openApp } from './webdriver.mjs';

const CLI = process.env.CLI_BIN ?? join(dirname(process.env.APP_BIN ?? ''), 'afterword');
const LENGTH_MS = 10000;
/** A drag lands within this of where it was aimed (a pixel of a ~600 px bar is ~17 ms; the pointer's rounding). */
const SLACK_MS = 250;

let app;
let wd;
let clip;
const cli = (...args) => JSON.parse(execFileSync(CLI, ['--json', ...args], { encoding: 'utf8', timeout: 60000 }));

before(async () => {
  assert.ok(existsSync(CLI), `the afterword CLI is needed at ${CLI} (cargo build -p afterword-cli, or set CLI_BIN)`);
  const dir = mkdtempSync(join(tmpdir(), 'afterword-edit-'));
  const file = join(dir, 'walkthrough.mp4');
  execFileSync('ffmpeg', [
    '-v', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc=s=320x240:r=30:d=${LENGTH_MS / 1000}`,
    '-f', 'lavfi', '-i', `sine=f=440:d=${LENGTH_MS / 1000}`,
    '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-g', '30', '-c:a', 'aac', '-shortest', file,
  ], { stdio: ['ignore', 'ignore', 'pipe'], timeout: 60000 });
  clip = cli('import', file, '--title', 'Edit me', '--no-transcribe');
  app = await openApp();
  wd = app.wd;
});

after(async () => {
  await app?.quit();
});

const ORIGIN = 'element-6066-11e4-a52e-4f735466cecf';
const edit = () => app.invoke('get_edit', { id: clip.id });

/** The timeline's bar on screen: where it starts and how wide it is, in window pixels. */
const bar = () =>
  wd.execute(
    'const t = document.querySelector(".player .track"); t.scrollIntoView({ block: "center" }); const r = t.getBoundingClientRect(); return { left: r.left, width: r.width, y: r.top + r.height / 2 };',
  );

/** Waits for the edit bar to show `ms` as the clip's length, and for the header to agree. */
async function shows(ms) {
  await wd.waitFor(`${formatMs(ms)} shown`, async () => (await app.text('#edited-duration')) === formatMs(ms) && (await app.text('#clip-duration')) === formatMs(ms));
}

const readyToShare = () =>
  wd.waitFor('“Ready to share”', async () => (await app.text('#render-state')) === 'Ready to share', 60000);

describe('editing a clip on its page', () => {
  let trimmed;

  test('dragging the start handle trims the clip; the new length shows, then “Ready to share”', async () => {
    await app.go(`#/clip/${encodeURIComponent(clip.id)}`);
    await shows(LENGTH_MS);
    assert.equal(await app.text('#render-state'), 'Ready to share', 'an unedited clip plays its original');
    const b = await bar();
    const handle = await wd.find('.trim-handle.start');
    const h = await wd.execute('const r = arguments[0].getBoundingClientRect(); return { x: r.left + r.width / 2, y: r.top + r.height / 2 };', { [ORIGIN]: handle });
    await wd.drag(h.x, b.left + b.width * 0.3, h.y);
    trimmed = await wd.waitFor('the trim kept', async () => {
      const e = await edit();
      return e.revision > 0 && e;
    });
    assert.ok(Math.abs(trimmed.kept[0].start_ms - 3000) <= SLACK_MS, `dragged to 30 %: ${JSON.stringify(trimmed.kept)}`);
    assert.equal(trimmed.kept[0].end_ms, LENGTH_MS);
    await shows(trimmed.duration_ms);
    await app.shot('clip-trimmed');

    await readyToShare();
    await wd.waitFor('the player on the render', () => wd.execute('return document.querySelector(".player video").src.includes("/renders/")'));
    const played = await wd.waitFor('the render’s length in the player', () =>
      wd.execute('const v = document.querySelector(".player video"); return v.readyState >= 1 && v.duration;'),
    );
    assert.ok(Math.abs(played * 1000 - trimmed.duration_ms) <= 100, `the render plays ${played} s, the edit ${trimmed.duration_ms} ms`);
    await app.shot('clip-ready-to-share');
  });

  test('a range selected on the timeline is cut; Undo brings the trim back; Reset the whole clip', async () => {
    const b = await bar();
    await wd.drag(b.left + b.width * 0.2, b.left + b.width * 0.5, b.y);
    await wd.waitFor('a selected range', () => wd.find('.player .selection'));
    const label = await app.text('#cut-part');
    assert.match(label, /^Cut this part \(/);
    await app.click('#cut-part');
    const cut = await wd.waitFor('the cut kept', async () => {
      const e = await edit();
      return e.kept.length === 2 && e;
    });
    const removed = trimmed.duration_ms - cut.duration_ms;
    assert.ok(Math.abs(removed - trimmed.duration_ms * 0.3) <= SLACK_MS, `a 30 % range of ${trimmed.duration_ms} ms removed ${removed} ms`);
    await shows(cut.duration_ms);
    await app.shot('clip-cut');

    await app.click('#undo-edit');
    const undone = await wd.waitFor('the trim back', async () => {
      const e = await edit();
      return e.kept.length === 1 && e;
    });
    assert.deepEqual(undone.kept, trimmed.kept);
    await shows(trimmed.duration_ms);
    await readyToShare();

    await app.click('#reset-edit');
    await wd.waitFor('the whole clip back', async () => (await edit()).whole);
    await shows(LENGTH_MS);
    await readyToShare();
    await wd.waitFor('the player on the original', () => wd.execute('return document.querySelector(".player video").src.includes("/clips/")'));
  });
});
