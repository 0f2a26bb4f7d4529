// The Record page's microphone, before Start: the level meter moves with the
// private PulseAudio's 440 Hz tone, muting the tone's sink input (pactl)
// raises the no-sound warning within seconds and unmuting clears it; the
// monitor's record stream is released when a recording starts, when the
// page is left and while the window is hidden to the tray (and reopened when
// it shows again). With a microphone picked and "Also record system audio"
// ticked, the clip holds both, unbroken. Started by run.sh, which owns the X,
// audio and D-Bus servers (and exports XDG_RUNTIME_DIR, where pactl finds the
// audio server).
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { closeWindow, openTrayMenu, visibleWindows } from './desktop.mjs';
import { AppSession, WebDriver, sleep } from './webdriver.mjs';

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
const go = async (hash) => {
  await wd.execute('window.location.hash = arguments[0];', hash);
  await sleep(300);
};
const shot = (name) => new AppSession(wd, ARTIFACTS).shot(name);
const pactl = (...args) => execFileSync('pactl', args, { encoding: 'utf8', timeout: 5000 }).trim();
/** The 440 Hz tone's sink input: muting it makes the default source digitally silent. */
const sineInput = () => {
  const line = pactl('list', 'short', 'sink-inputs').split('\n').find((l) => l.includes('module-sine'));
  assert.ok(line, 'the tone plays into the null sink');
  return line.split(/\s+/)[0];
};
const muteTone = (mute) => pactl('set-sink-input-mute', sineInput(), mute ? '1' : '0');
/** Record streams open on the audio server (run.sh's parec keeper is one). */
const recordStreams = () => pactl('list', 'short', 'source-outputs').split('\n').filter(Boolean).length;
/** What the meter shows: its aria value (0..1) and the bar's width in %. */
const meter = () =>
  wd.execute(`const m = document.querySelector('#mic-meter');
    return m && { value: Number(m.getAttribute('aria-valuenow')), width: parseFloat(m.querySelector('.rms').style.width) };`);
const warning = () => wd.execute(`const w = document.querySelector('#no-sound'); return w && w.offsetParent !== null ? w.textContent : null;`);

/** A clip's sound as 48 kHz mono samples (ffmpeg reads the app's media URL). */
function clipSound(url) {
  const raw = execFileSync('ffmpeg', ['-loglevel', 'error', '-i', url, '-vn', '-ac', '1', '-ar', '48000', '-f', 'f32le', '-'], {
    timeout: 30000,
    maxBuffer: 64 << 20,
  });
  return new Float32Array(raw.buffer, raw.byteOffset, raw.length / 4);
}
/** Goertzel power of `hz` in `samples` (48 kHz). */
function power(samples, hz) {
  const c = 2 * Math.cos((2 * Math.PI * hz) / 48000);
  let [s1, s2] = [0, 0];
  for (const x of samples) [s1, s2] = [x + c * s1 - s2, s1];
  return s1 * s1 + s2 * s2 - c * s1 * s2;
}
/**
 * The largest break in `samples` that steady `tones` do not explain (a click):
 * x[n] - 2cos(w)x[n-1] + x[n-2] cancels one sinusoid, so after one such
 * filter per tone a clean mix leaves only the codec's noise.
 */
function worstClick(samples, tones) {
  let rest = Array.from(samples);
  for (const hz of tones) {
    const c = 2 * Math.cos((2 * Math.PI * hz) / 48000);
    rest = rest.slice(2).map((x, i) => x - c * rest[i + 1] + rest[i]);
  }
  return rest.reduce((worst, x) => Math.max(worst, Math.abs(x)), 0);
}

before(async () => {
  wd = await WebDriver.start(process.env.DRIVER, {
    'tauri:options': { application: process.env.APP_BIN },
  });
  await wd.waitFor('the app to load', () => wd.execute('return !!document.querySelector(".app")'), 30000);
  const settings = await invoke('get_settings');
  await invoke('save_settings', { settings: { ...settings, countdown_secs: 0, record_microphone: true, microphone: null } });
});

after(async () => {
  try {
    muteTone(false);
  } catch {
    // the audio server is already gone
  }
  await wd?.quit().catch(() => undefined);
});

describe('microphone before recording', () => {
  let idleStreams;

  test('the meter moves with the tone before Start', async () => {
    await go('#/library');
    idleStreams = recordStreams();
    await go('#/record');
    const m = await wd.waitFor('the meter to show sound', async () => {
      const v = await meter();
      return v && v.value > 0.5 && v.width > 50 ? v : null;
    }, 5000);
    assert.equal(await invoke('recorder_status').then((s) => s.phase), 'idle', 'nothing is recording');
    assert.equal(recordStreams(), idleStreams + 1, 'the page monitors one microphone');
    assert.equal(await warning(), null, 'no warning while the tone plays');
    await shot('record-mic-level');
    console.log(`meter before Start: ${JSON.stringify(m)}`);
  });

  test('muting the input warns within 5 s, unmuting clears it', async () => {
    muteTone(true);
    const muted = Date.now();
    const text = await wd.waitFor('the no-sound warning', warning, 5000);
    const after = Date.now() - muted;
    assert.ok(after >= 2500, `the warning waits for 3 s of silence (came after ${after} ms)`);
    assert.match(text, /^Afterword hears nothing from .+ — check it isn't muted, or pick another microphone\.$/);
    const quiet = await meter();
    assert.equal(quiet.value, 0, 'the meter is empty while muted');
    await shot('record-mic-silent');
    muteTone(false);
    await wd.waitFor('the warning to go', async () => (await warning()) === null, 3000);
    await wd.waitFor('the meter to move again', async () => (await meter()).value > 0.5, 3000);
  });

  test('a recording takes the microphone over, and leaving the page releases it', async () => {
    await wd.click(await wd.find('#start'));
    await wd.waitFor('recording', async () => (await invoke('recorder_status')).phase === 'recording');
    await sleep(500);
    assert.equal(recordStreams(), idleStreams + 1, 'the monitor closed; only the recorder holds the microphone');
    await wd.click(await wd.find('#discard'));
    await wd.waitFor('idle', async () => (await invoke('recorder_status')).phase === 'idle');
    await wd.waitFor('the monitor to come back', async () => (await meter()).value > 0.5 && recordStreams() === idleStreams + 1, 5000);
    await go('#/library');
    await wd.waitFor('the monitor to close', async () => recordStreams() === idleStreams, 3000);
  });

  test('hiding the window to the tray on the Record page releases the microphone; showing it meters again', async () => {
    await go('#/record');
    await wd.waitFor('the monitor to open', async () => recordStreams() === idleStreams + 1, 5000);
    const [main] = visibleWindows('--name', '^Afterword$');
    assert.ok(main, 'the main window is shown');
    closeWindow(main);
    await wd.waitFor('the window to hide', () => visibleWindows('--name', '^Afterword$').length === 0);
    await wd.waitFor('the monitor to close while hidden', async () => recordStreams() === idleStreams, 3000);
    await sleep(1500); // the page's own re-check comes every second: it must not reopen it
    assert.equal(recordStreams(), idleStreams, 'still closed while hidden');
    const menu = await openTrayMenu();
    menu.keys('End', 'Up', 'Up', 'Return'); // Quit, Recent clips, Open Afterword
    await wd.waitFor('the window to show', () => visibleWindows('--name', '^Afterword$').length === 1);
    await wd.waitFor('the monitor to reopen', async () => recordStreams() === idleStreams + 1 && (await meter()).value > 0.5, 5000);
    await go('#/library');
  });
});

describe('system audio', () => {
  test('with a microphone picked and "Also record system audio" ticked, the clip holds both, unbroken', async () => {
    // The computer plays run.sh's 440 Hz; the microphone is another source playing 660 Hz
    // (one tone heard twice could cancel itself). A parec keeps its monitor steady, as run.sh's does.
    const sink = pactl('load-module', 'module-null-sink', 'sink_name=app_mic', 'rate=48000', 'sink_properties=device.description=AppMic');
    const sine = pactl('load-module', 'module-sine', 'sink=app_mic', 'frequency=660');
    const keeper = spawn('parec', ['-d', 'app_mic.monitor', '--latency-msec=20', '--raw'], { stdio: 'ignore' });
    const settings = await invoke('get_settings');
    try {
      await go('#/library');
      await go('#/record');
      const mic = 'Monitor of AppMic';
      await wd.waitFor('the new microphone in the list', () =>
        wd.execute("return [...document.querySelectorAll('#microphone option')].some((o) => o.value === arguments[0])", mic));
      await wd.execute(
        "const s = document.querySelector('#microphone'); s.value = arguments[0]; s.dispatchEvent(new Event('change', { bubbles: true }));",
        mic,
      );
      await wd.click(await wd.find('#system-audio'));
      await wd.waitFor('both kept in the settings', async () => {
        const now = await invoke('get_settings');
        return now.microphone === mic && now.system_audio;
      });
      await shot('record-system-audio');
      const app = new AppSession(wd, ARTIFACTS);
      const before = await app.clips();
      await wd.click(await wd.find('#start'));
      await app.recorded(2500);
      await wd.click(await wd.find('#stop'));
      const clip = await app.newClip(before);
      const sound = clipSound(clip.media_url);
      const mid = sound.subarray(sound.length / 4, (sound.length * 3) / 4);
      const floor = power(mid, 550);
      assert.ok(power(mid, 440) > 100 * floor, "the computer's 440 Hz is in the clip");
      assert.ok(power(mid, 660) > 100 * floor, "the microphone's 660 Hz is in the clip");
      const click = worstClick(mid, [440, 660]);
      assert.ok(click < 0.01, `the mix clicks: a break of ${click.toFixed(3)} of full scale`);
    } finally {
      await invoke('save_settings', { settings: { ...settings, system_audio: false, microphone: null } });
      keeper.kill();
      pactl('unload-module', sine);
      pactl('unload-module', sink);
    }
  });
});
