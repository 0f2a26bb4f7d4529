// Transcripts in the real app, over WebDriver (run.sh owns the X, audio and
// D-Bus servers and a fresh library; `SUITE_FILE=tests/app/transcript.test.mjs
// tests/app/run.sh`): a video of sentences spoken by espeak-ng at known
// moments is imported with the CLI (not transcribed), the Whisper tiny.en
// model (made by scripts/models.sh, never downloaded) is added from its path
// in Settings, and Transcribe on the Clip page has the app's transcriber
// thread make the transcript. Then the panel shows the lines, a click on a
// line seeks the player there, the captions play, a line is corrected in
// place, a silent clip's card says "No speech", a spoken-word search hit
// opens the clip at the moment it was said, and a recording kept with a
// model installed is transcribed by itself.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatMs, openApp } from './webdriver.mjs';

const CLI = process.env.CLI_BIN ?? join(dirname(process.env.APP_BIN ?? ''), 'afterword');
const MODEL = process.env.AFTERWORD_TEST_MODEL ?? join(process.env.HOME, '.cache/afterword/models/ggml-tiny.en.bin');
/** What is said, from when (ms) in the clip, and a word only that sentence has. */
const SAID = [
  { at: 1000, text: 'The release is ready for review on Thursday morning.', key: 'thursday' },
  { at: 6000, text: 'Please check the pricing page before we ship it.', key: 'pricing' },
  { at: 11000, text: 'We will ship the new dashboard next week.', key: 'dashboard' },
];
const LENGTH_S = 16;

let app;
let wd;
let dir;
const cli = (...args) => JSON.parse(execFileSync(CLI, ['--json', ...args], { encoding: 'utf8', timeout: 60000 }));
const run = (cmd, args) => execFileSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 60000 });

/** A video (blue frames) whose sound is `said`, each sentence starting at its moment; silence for none. */
function video(name, said) {
  const file = join(dir, `${name}.mp4`);
  const inputs = [];
  const delays = [];
  said.forEach((s, i) => {
    const wav = join(dir, `${name}-${i}.wav`);
    run('espeak-ng', ['-v', 'en-us', '-s', '140', '-w', wav, s.text]);
    inputs.push('-i', wav);
    delays.push(`[${i + 2}:a]adelay=${s.at}:all=1[s${i}]`);
  });
  const mix = said.length
    ? `${delays.join(';')};[1:a]${said.map((_, i) => `[s${i}]`).join('')}amix=inputs=${said.length + 1}:duration=first:normalize=0[a]`
    : '[1:a]anull[a]';
  run('ffmpeg', [
    '-v', 'error', '-y',
    '-f', 'lavfi', '-i', `color=c=0x2e6bd1:s=320x240:r=15:d=${LENGTH_S}`,
    '-f', 'lavfi', '-i', `anullsrc=r=22050:cl=mono:d=${LENGTH_S}`,
    ...inputs,
    '-filter_complex', mix, '-map', '0:v', '-map', '[a]',
    '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', file,
  ]);
  return file;
}

/** The words of `text`, lower case, without punctuation. */
const words = (text) => text.toLowerCase().replace(/[^a-z0-9' ]+/g, ' ').split(/\s+/).filter(Boolean);

before(async () => {
  assert.ok(existsSync(CLI), `the afterword CLI is needed at ${CLI} (cargo build -p afterword-cli, or set CLI_BIN)`);
  assert.ok(existsSync(MODEL), `the tiny.en model is needed at ${MODEL} (scripts/models.sh makes it)`);
  dir = mkdtempSync(join(tmpdir(), 'afterword-transcript-'));
  app = await openApp();
  wd = app.wd;
});

after(async () => {
  await app?.quit();
});

describe('transcripts in the app', () => {
  let spoken;
  let lines;

  test('a model added in Settings transcribes a clip from its page; the panel shows the lines', async () => {
    spoken = cli('import', video('spoken', SAID), '--title', 'Release walkthrough', '--no-transcribe');

    await app.go('#/settings');
    await wd.waitFor('the models section', () => wd.find('#no-models'));
    const source = await app.text('#models-source');
    assert.ok(source.includes('https://huggingface.co/ggerganov/whisper.cpp/tree/main'), source);
    await app.fill('#model-path', MODEL);
    await app.click('#add-model');
    await wd.waitFor('the model in the list', () => wd.find('#models [data-model="tiny.en"] .badge'), 60000);
    await app.shot('settings-transcription');

    await app.go(`#/clip/${encodeURIComponent(spoken.id)}`);
    assert.equal(await app.text('#transcript-note'), 'No transcript yet.');
    await app.click('#transcribe-clip');
    await wd.waitFor('the transcript’s lines', () => wd.execute('return document.querySelectorAll("#clip-transcript button.line").length >= 3'), 120000);
    await wd.execute('document.querySelector("#clip-transcript").scrollIntoView()');
    await app.shot('clip-transcript');

    lines = await wd.execute(
      'return [...document.querySelectorAll("#clip-transcript button.line")].map((b) => ({ at: Number(b.dataset.at), text: b.querySelector(".text").textContent }))',
    );
    const heard = words(lines.map((l) => l.text).join(' '));
    const said = words(SAID.map((s) => s.text).join(' '));
    const missing = said.filter((w) => !heard.includes(w));
    assert.ok(missing.length <= 3, `heard “${heard.join(' ')}”; missing ${missing}`);
    for (const s of SAID) {
      const line = lines.find((l) => words(l.text).includes(s.key));
      assert.ok(line, `a line says “${s.text}”: ${JSON.stringify(lines)}`);
      assert.ok(Math.abs(line.at - s.at) <= 500, `“${s.text}” said at ${s.at} ms, its line starts at ${line.at} ms`);
    }
    const shown = await app.invoke('get_transcript', { id: spoken.id });
    assert.equal(shown.status, 'done');
    assert.equal(shown.model, 'tiny.en');
  });

  test('clicking a line seeks the player there, and the captions play', async () => {
    const target = lines[lines.length - 1];
    const line = (await wd.findAll('#clip-transcript button.line'))[lines.length - 1];
    await wd.click(line);
    const at = await wd.waitFor('the player at the line', async () => {
      const t = await wd.execute('const v = document.querySelector(".player video"); return v.readyState >= 1 && v.currentTime;');
      return typeof t === 'number' && Math.abs(t * 1000 - target.at) <= 250 && t;
    });
    assert.ok(Math.abs(at * 1000 - target.at) <= 250, `the video is at ${at} s, the line at ${target.at} ms`);
    await wd.waitFor('the clicked line marked as the one spoken', () =>
      wd.execute('const c = document.querySelector("#clip-transcript [aria-current]"); return c && Number(c.dataset.at) === arguments[0];', target.at),
    );

    const track = await wd.waitFor('the captions track with its cues', () =>
      wd.execute('const t = document.querySelector(".player video").textTracks[0]; return t && t.cues && t.cues.length > 0 && { mode: t.mode, cues: t.cues.length };'),
    );
    assert.deepEqual(track, { mode: 'showing', cues: lines.length });
    await app.click('#clip-transcript button.toggle');
    assert.equal(await wd.execute('return document.querySelector(".player video").textTracks[0].mode'), 'hidden');
    await app.click('#clip-transcript button.toggle');
  });

  test('a line corrected in place is what the library keeps', async () => {
    const index = lines.findIndex((l) => words(l.text).includes('pricing'));
    assert.ok(index >= 0, JSON.stringify(lines));
    await wd.click((await wd.findAll('#clip-transcript button.edit'))[index]);
    await app.fill('#clip-transcript input.edit-text', 'Please check the Pricing Page before we ship it.');
    await app.click('#clip-transcript form.edit-line button[type=submit]');
    await wd.waitFor('the corrected line', () =>
      wd.execute('return [...document.querySelectorAll("#clip-transcript button.line .text")].some((t) => t.textContent.includes("Pricing Page"))'),
    );
    const kept = cli('transcript', 'show', spoken.id);
    assert.ok(kept.segments.some((s) => s.text === 'Please check the Pricing Page before we ship it.'), JSON.stringify(kept.segments));
  });

  test('a silent clip’s card says there was no speech', async () => {
    const silent = cli('import', video('silent', []), '--title', 'Silent screen', '--no-transcribe');
    await app.invoke('transcribe_clip', { id: silent.id, language: null, model: null });
    await app.go('#/library');
    const card = `.card[data-clip="${silent.id}"] .transcript-state`;
    await wd.waitFor('“No speech” on the card', async () => (await app.text(card)) === 'No speech', 60000);
    const spokenCard = await wd.findAll(`.card[data-clip="${spoken.id}"] .transcript-state`);
    assert.equal(spokenCard.length, 0, 'a done transcript needs no word on its card');
    await app.shot('library-transcripts');
  });

  test('a spoken word found in Search opens the clip at the moment it was said', async () => {
    await app.go('#/search');
    await app.fill('#search-query', 'dashboard');
    await app.click('input[name=kind][value=transcript]');
    await app.click('#search-go');
    const hit = '.hits li[data-kind=transcript] .row-title';
    await wd.waitFor('a spoken-word hit', () => wd.find(hit));
    const said = lines.find((l) => words(l.text).includes('dashboard'));
    assert.equal(await app.text(hit), `said at ${formatMs(said.at)} in Release walkthrough`);
    await app.shot('search-spoken');
    await app.click(hit);
    await wd.waitFor('the clip page', async () => (await app.text('#clip-title')) === 'Release walkthrough');
    const at = await wd.waitFor('the player at the moment', async () => {
      const t = await wd.execute('const v = document.querySelector(".player video"); return v && v.readyState >= 1 && v.currentTime;');
      return typeof t === 'number' && t > 0 && t;
    });
    assert.ok(Math.abs(at * 1000 - said.at) <= 250, `opened at ${at} s, said at ${said.at} ms`);
  });

  test('a kept recording is transcribed by itself, and its page follows', async () => {
    const started = await app.invoke('record_start', { target: { kind: 'screen' } });
    await app.recorded(1500);
    await app.invoke('record_stop');
    await app.go(`#/clip/${encodeURIComponent(started.clip_id)}`);
    // The suite's microphone plays a tone: whatever Whisper makes of it, the
    // transcript must finish without anyone asking, and the page must say so.
    const status = await wd.waitFor('the transcript to finish by itself', async () => {
      const s = await wd.execute('return document.querySelector("#clip-transcript")?.dataset.status');
      return ['done', 'no_speech'].includes(s) && s;
    }, 60000);
    assert.equal((await app.invoke('get_transcript', { id: started.clip_id })).status, status);
  });
});
