// The desktop app's CPU time (a benchmark, not a test: no assertions), with
// and without GL in the window's process, side by side in one run: the same
// release build started as it starts, and with libEGL's Mesa driver named
// in its environment, which makes painting.rs leave WebKit's defaults (the
// window opens OpenGL through llvmpipe and WebKit composites there). For
// each: CPU-s per s of the app's process and each WebKit process, idle on
// the Library page, on the Record page, and while recording the screen.
//
//   cargo build --release -p afterword-desktop
//   APP_UNDER_TEST=$CARGO_TARGET_DIR/release/afterword-desktop \
//     SUITE_FILE=tests/app/cpu.bench.mjs BENCH_RUNS=2 tests/app/run.sh
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { visibleWindows, xdo } from './desktop.mjs';
import { openApp, sleep } from './webdriver.mjs';

const MODES = [
  ['Afterword (no GL in the window)', undefined],
  ['the same build, GL in the window (as before)', { __EGL_VENDOR_LIBRARY_FILENAMES: '/usr/share/glvnd/egl_vendor.d/50_mesa.json' }],
];
const SECONDS = 10;

/** user + system clock ticks (1/100 s) a process has used. */
const ticks = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]);
};
const children = (pid) => execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).trim().split('\n').map(Number);
const name = (pid) => readFileSync(`/proc/${pid}/comm`, 'utf8').trim().replace('afterword-deskt', 'app');

/** CPU-s per s of `pid` and its children over SECONDS, as "name 0.123, …". */
async function cpu(pid) {
  const pids = [pid, ...children(pid)];
  const before = pids.map(ticks);
  await sleep(SECONDS * 1000);
  return pids.map((p, i) => `${name(p)} ${((ticks(p) - before[i]) / 100 / SECONDS).toFixed(3)}`).join(', ');
}

test('CPU of the app, with and without GL in its window', async () => {
  for (let run = 1; run <= Number(process.env.BENCH_RUNS ?? 2); run++) {
    for (const [mode, env] of MODES) {
      const app = await openApp({ env });
      try {
        const pid = Number(xdo('getwindowpid', visibleWindows('--name', '^Afterword$')[0]));
        const line = [];
        for (const page of ['library', 'record']) {
          await app.go(`#/${page}`);
          await sleep(3000);
          line.push(`${page} page: ${await cpu(pid)}`);
        }
        await app.click('#start');
        await app.recorded(2000);
        line.push(`recording: ${await cpu(pid)}`);
        await app.click('#stop');
        await app.wd.waitFor('the recording to stop', async () => (await app.phase()) === 'idle', 30000);
        console.log(`run ${run}, ${mode}:\n  ${line.join('\n  ')}`);
      } finally {
        await app.quit();
      }
    }
  }
});
