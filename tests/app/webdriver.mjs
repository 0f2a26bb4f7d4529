// A minimal W3C WebDriver client over fetch: enough to drive the Tauri app
// through tauri-driver (sessions, elements, clicks, typing, scripts,
// windows), and `openApp`, the set-up every app test file
// shares. No dependencies, so the suite runs with plain Node.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { grabPng } from './desktop.mjs';

export class WebDriver {
  constructor(base, sessionId) {
    this.base = base;
    this.sessionId = sessionId;
  }

  static async start(base, capabilities) {
    const res = await call(base, 'POST', '/session', { capabilities: { alwaysMatch: capabilities } });
    return new WebDriver(base, res.sessionId);
  }

  cmd(method, path, body) {
    return call(this.base, method, `/session/${this.sessionId}${path}`, body);
  }

  quit() {
    return this.cmd('DELETE', '');
  }

  execute(script, ...args) {
    return this.cmd('POST', '/execute/sync', { script, args });
  }

  executeAsync(script, ...args) {
    return this.cmd('POST', '/execute/async', { script, args });
  }

  async find(css) {
    const el = await this.cmd('POST', '/element', { using: 'css selector', value: css });
    return Object.values(el)[0];
  }

  async findAll(css) {
    const els = await this.cmd('POST', '/elements', { using: 'css selector', value: css });
    return els.map((e) => Object.values(e)[0]);
  }

  click(id) {
    return this.cmd('POST', `/element/${id}/click`, {});
  }

  type(id, text) {
    return this.cmd('POST', `/element/${id}/value`, { text });
  }

  text(id) {
    return this.cmd('GET', `/element/${id}/text`);
  }

  /** Mouse actions through the real input path. */
  mouse(actions) {
    return this.cmd('POST', '/actions', {
      actions: [{ type: 'pointer', id: 'mouse', parameters: { pointerType: 'mouse' }, actions }],
    });
  }

  /** A mouse click at (dx, dy) from the element's centre. */
  clickAt(id, dx, dy) {
    const origin = { 'element-6066-11e4-a52e-4f735466cecf': id };
    return this.mouse([
      { type: 'pointerMove', origin, x: Math.round(dx), y: Math.round(dy), duration: 0 },
      { type: 'pointerDown', button: 0 },
      { type: 'pointerUp', button: 0 },
    ]);
  }

  /** A mouse drag in the viewport: press at (x0, y), move in 8 steps to (x1, y), release. */
  drag(x0, x1, y) {
    const at = (x, duration) => ({ type: 'pointerMove', origin: 'viewport', x: Math.round(x), y: Math.round(y), duration });
    const steps = Array.from({ length: 8 }, (_, i) => at(x0 + ((x1 - x0) * (i + 1)) / 8, 30));
    return this.mouse([at(x0, 0), { type: 'pointerDown', button: 0 }, ...steps, { type: 'pointerUp', button: 0 }]);
  }

  windows() {
    return this.cmd('GET', '/window/handles');
  }

  window() {
    return this.cmd('GET', '/window');
  }

  switchTo(handle) {
    return this.cmd('POST', '/window', { handle });
  }

  /** Polls `check` until it returns a truthy value or `ms` pass. */
  async waitFor(what, check, ms = 15000) {
    const until = Date.now() + ms;
    let last;
    while (Date.now() < until) {
      try {
        const v = await check();
        if (v) return v;
      } catch (e) {
        last = e;
      }
      await sleep(200);
    }
    throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
  }
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** "m:ss" as the app's clocks show a moment (ui/src/time.ts). */
export function formatMs(ms) {
  const total = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`;
}

/**
 * Starts a session on the app run.sh built ($APP_BIN, through $DRIVER),
 * waits for its first page, and turns the countdown off so a test records
 * what it times. Returns the session with the helpers every test uses.
 * `env` starts the app with more environment (tauri-driver passes none of
 * its own): a small script sets it and execs the app, e.g. GTK_THEME for
 * the dark theme a person's desktop would ask for.
 */
export async function openApp({ env } = {}) {
  await appGone(15000);
  const application = env ? withEnv(process.env.APP_BIN, env) : process.env.APP_BIN;
  const wd = await WebDriver.start(process.env.DRIVER, { 'tauri:options': { application } });
  const app = new AppSession(wd, process.env.ARTIFACTS ?? 'artifacts/app');
  await wd.waitFor('the app to load', () => wd.execute('return !!document.querySelector(".app")'), 30000);
  const settings = await app.invoke('get_settings');
  await app.invoke('save_settings', { settings: { ...settings, countdown_secs: 0 } });
  return app;
}

/** A script that runs `bin` with `env` added, for WebDriver to start. */
function withEnv(bin, env) {
  const dir = mkdtempSync(join(tmpdir(), 'afterword-app-env.'));
  process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
  const script = join(dir, 'afterword-desktop');
  const quote = (v) => `'${String(v).replaceAll("'", "'\\''")}'`;
  const exports = Object.entries(env).map(([k, v]) => `export ${k}=${quote(v)}`);
  writeFileSync(script, ['#!/bin/sh', ...exports, `exec ${quote(bin)} "$@"`, ''].join('\n'));
  chmodSync(script, 0o755);
  return script;
}

/**
 * Waits for the previous file's app to finish quitting: a new launch while it
 * still holds the single-instance name would be handed to it.
 */
async function appGone(ms) {
  const running = () => {
    try {
      return execFileSync('pgrep', ['-f', process.env.APP_BIN], { encoding: 'utf8' }).trim() !== '';
    } catch {
      return false; // pgrep exits 1 when nothing matches
    }
  };
  const until = Date.now() + ms;
  while (running()) {
    if (Date.now() > until) throw new Error(`the previous app (${process.env.APP_BIN}) did not quit within ${ms} ms`);
    await sleep(100);
  }
}

export class AppSession {
  constructor(wd, artifacts) {
    this.wd = wd;
    this.artifacts = artifacts;
    mkdirSync(artifacts, { recursive: true });
  }

  /** One of the app's commands, as its pages call it. */
  async invoke(cmd, args = {}) {
    const r = await this.wd.executeAsync(
      `const done = arguments[arguments.length - 1];
       window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1]).then((v) => done({ ok: v }), (e) => done({ err: e }));`,
      cmd,
      args,
    );
    if (r && 'err' in r) throw new Error(`${cmd}: ${JSON.stringify(r.err)}`);
    return r.ok;
  }

  status() {
    return this.invoke('recorder_status');
  }

  async phase() {
    return (await this.status()).phase;
  }

  clips() {
    return this.invoke('list_clips', { filter: { search: null, tag: null, status: null, limit: 1000 } });
  }

  /** Waits until the recorder has recorded at least `ms` (its own clock, not ours). */
  recorded(ms, timeout = 30000) {
    return this.wd.waitFor(`${ms} ms recorded`, async () => {
      const s = await this.status();
      return s.phase === 'recording' && s.elapsed_ms >= ms && s.elapsed_ms;
    }, timeout);
  }

  /** Discards a recording a failed test left running, so the next test starts idle. */
  async discardLeftover() {
    if ((await this.phase().catch(() => 'idle')) !== 'idle') await this.invoke('record_discard').catch(() => undefined);
  }

  /** Waits for the clip list to hold a clip not in `before` that is ready, and returns it. */
  newClip(before, timeout = 30000) {
    const known = new Set(before.map((c) => c.id));
    return this.wd.waitFor('a new ready clip', async () => {
      if ((await this.phase()) !== 'idle') return null;
      return (await this.clips()).find((c) => !known.has(c.id) && c.status === 'ready');
    }, timeout);
  }

  /** Opens a page by its route and waits until it has rendered (not busy). */
  async go(hash) {
    await this.wd.execute('window.location.hash = arguments[0];', hash);
    const page = hash.replace(/^#\//, '').split('/')[0];
    await this.wd.waitFor(`the ${page} page`, () =>
      this.wd.execute(
        'const p = document.querySelector(arguments[0]); return !!p && !p.matches("[aria-busy]") && !p.querySelector("[aria-busy=true]");',
        `.page.${page}`,
      ),
    );
  }

  /** A screenshot for people to look at, of the window's page as the screen
   * shows it, after the next paint. From the screen, not WebKitWebDriver:
   * its screenshot waits for a composited frame, and without a GPU WebKit
   * composites nothing in the window (src-tauri/src/painting.rs), so it can
   * wait forever. */
  async shot(name) {
    await this.wd.executeAsync('const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));');
    const page = await this.wd.execute('return { x: window.screenX, y: window.screenY, width: window.innerWidth, height: window.innerHeight };');
    writeFileSync(join(this.artifacts, `${name}.png`), grabPng(page));
  }

  /** Whatever runs past the right edge of the card (a fieldset or `.card`)
   * it sits in, as "select#microphone ends at 941, its fieldset at 905". */
  overflowing() {
    return this.wd.execute(`const out = [];
      for (const card of document.querySelectorAll('fieldset, .card')) {
        const edge = card.getBoundingClientRect().right;
        if (!card.getClientRects().length) continue;
        for (const el of card.querySelectorAll('*')) {
          const r = el.getBoundingClientRect();
          if (r.width && r.right > edge + 1) {
            out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' ends at ' + Math.round(r.right) + ', its ' + card.tagName.toLowerCase() + ' at ' + Math.round(edge));
          }
        }
      }
      return out;`);
  }

  /** Types into an input the way Preact hears it (value + input event). */
  fill(css, value) {
    return this.wd.execute(
      `const el = document.querySelector(arguments[0]); el.value = arguments[1];
       el.dispatchEvent(new Event(el.tagName === 'SELECT' ? 'change' : 'input', { bubbles: true }));`,
      css,
      value,
    );
  }

  async click(css) {
    return this.wd.click(await this.wd.waitFor(css, () => this.wd.find(css)));
  }

  async text(css) {
    return this.wd.text(await this.wd.find(css));
  }

  quit() {
    return this.wd.quit().catch(() => undefined);
  }
}

async function call(base, method, path, body) {
  const res = await fetch(base + path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json().catch(() => ({}));
  if (!res.ok || (json.value && json.value.error)) {
    const v = json.value ?? {};
    throw new Error(`${method} ${path}: ${v.error ?? res.status} ${v.message ?? ''}`);
  }
  return json.value;
}
