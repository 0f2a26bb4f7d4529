// End to end: a clip recorded by `afterword record` from a real X server and
// audio server (scripts/headless.sh), shared by link, plays in Chromium and
// sounds the 440 Hz tone the virtual microphone heard.
//
//   cargo build -p afterword-cli && node --test tests/e2e/recorded.test.mjs
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { chromium } = createRequire(join(repo, 'ui/package.json'))('playwright-core');
const target = process.env.CARGO_TARGET_DIR ?? join(repo, 'target');
const afterword = join(target, 'debug/afterword');
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--autoplay-policy=no-user-gesture-required'];

let work, library, server, browser, link;

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'afterword-recorded-'));
  library = join(work, 'library');
  // Record inside a private Xvfb + PulseAudio; both go when the shell exits.
  const script = `. "${repo}/scripts/headless.sh" && headless_up && "${afterword}" --library "${library}" --json record --duration 5 --title "Recorded demo"`;
  const clip = JSON.parse(execFileSync('bash', ['-c', script], { encoding: 'utf8' }));
  assert.equal(clip.status, 'ready');
  server = spawn(afterword, ['--library', library, 'serve', '--bind', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const base = await new Promise((ok) => {
    let out = '';
    server.stdout.on('data', (d) => {
      out += d;
      const m = /Listening on (http:\/\/\S+)/.exec(out);
      if (m) ok(m[1]);
    });
  });
  link = execFileSync(afterword, ['--library', library, 'share', clip.id, '--base', base], { encoding: 'utf8' }).trim();
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ARGS });
});

after(async () => {
  await browser?.close();
  server?.kill('SIGTERM');
  if (work) rmSync(work, { recursive: true, force: true });
});

it('a recorded clip plays in Chromium and sounds 440 Hz', async () => {
  const page = await browser.newPage();
  await page.goto(link);
  await page.waitForSelector('video');
  const peak = await page.evaluate(async () => {
    const v = document.querySelector('video');
    const ctx = new AudioContext();
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 16384;
    ctx.createMediaElementSource(v).connect(analyser);
    analyser.connect(ctx.destination);
    await ctx.resume();
    await v.play();
    await new Promise((ok) => setTimeout(ok, 2500));
    const bins = new Float32Array(analyser.frequencyBinCount);
    analyser.getFloatFrequencyData(bins);
    let best = 0;
    for (let i = 1; i < bins.length; i++) if (bins[i] > bins[best]) best = i;
    return { hz: (best * ctx.sampleRate) / analyser.fftSize, time: v.currentTime, db: bins[best] };
  });
  assert.ok(peak.time > 1, `the video plays (currentTime ${peak.time})`);
  assert.ok(Math.abs(peak.hz - 440) <= 10, `the loudest frequency is ${peak.hz.toFixed(1)} Hz (${peak.db.toFixed(1)} dB)`);
});
