// A minimal W3C WebDriver client over fetch: enough to drive the Tauri app
// through tauri-driver (sessions, elements, clicks, typing, scripts,
// windows, screenshots). No dependencies, so the suite runs with plain Node.

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

  /** A mouse click at (dx, dy) from the element's centre, through the real input path. */
  clickAt(id, dx, dy) {
    const origin = { 'element-6066-11e4-a52e-4f735466cecf': id };
    return this.cmd('POST', '/actions', {
      actions: [
        {
          type: 'pointer',
          id: 'mouse',
          parameters: { pointerType: 'mouse' },
          actions: [
            { type: 'pointerMove', origin, x: Math.round(dx), y: Math.round(dy), duration: 0 },
            { type: 'pointerDown', button: 0 },
            { type: 'pointerUp', button: 0 },
          ],
        },
      ],
    });
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

  async screenshot() {
    return Buffer.from(await this.cmd('GET', '/screenshot'), 'base64');
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
