// End to end: the real `afterword serve`, a real clip made with ffmpeg, and
// Debian's Chromium driven by playwright-core (never a downloaded browser).
//
//   cargo build -p afterword-cli -p afterword-share --bin afterword --example register_clip --example file_transcript
//   npm --prefix ui ci && npm --prefix ui run build   (before the cargo build)
//   node --test tests/e2e/
//
// Binaries come from $CARGO_TARGET_DIR (or ./target)/debug; the browser from
// $CHROMIUM (default /usr/bin/chromium).
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const { chromium } = createRequire(join(repo, 'ui/package.json'))('playwright-core');
const target = process.env.CARGO_TARGET_DIR ?? join(repo, 'target');
const afterword = join(target, 'debug/afterword');
const registerClip = join(target, 'debug/examples/register_clip');
// Files a finished transcript as a transcription worker would: the test has no Whisper model.
const fileTranscript = join(target, 'debug/examples/file_transcript');
// Screenshots for people to look at (git-ignored), as the app suite writes its own.
const artifacts = process.env.ARTIFACTS ?? join(repo, 'artifacts/e2e');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--autoplay-policy=no-user-gesture-required'];

let work, library, server, base, clip, browser;
const links = {};
// What the clip "says": START_MS END_MS TEXT, as file_transcript reads it.
const SAID = [
  [500, 1900, 'Welcome to the sprint demo.'],
  [2000, 3400, 'The chart <b>moves</b> up & right.'],
  [3500, 5500, 'Questions are welcome.'],
];

function cli(args, env = {}) {
  return execFileSync(afterword, ['--library', library, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
}

function startServer() {
  return new Promise((ok, fail) => {
    const child = spawn(afterword, ['--library', library, 'serve', '--bind', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.stdout.on('data', (d) => {
      out += d;
      const m = /Listening on (http:\/\/\S+)/.exec(out);
      if (m) ok({ child, url: m[1] });
    });
    child.on('exit', (code) => fail(new Error(`afterword serve exited ${code}: ${err}`)));
  });
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'afterword-e2e-'));
  library = join(work, 'library');
  const video = join(work, 'clip.mp4');
  const thumb = join(work, 'thumb.jpg');
  const ff = ['-loglevel', 'error', '-y'];
  execFileSync('ffmpeg', [...ff, '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30', '-f', 'lavfi', '-i', 'sine=frequency=440', '-t', '6', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-movflags', '+faststart', video]);
  execFileSync('ffmpeg', [...ff, '-ss', '1', '-i', video, '-frames:v', '1', thumb]);
  clip = execFileSync(registerClip, [library, video, 'Sprint demo <b>v2</b>', '6000', '640', '360', thumb], { encoding: 'utf8' }).trim();
  execFileSync(fileTranscript, [library, clip, 'en'], { input: SAID.map((s) => s.join(' ')).join('\n') });

  ({ child: server, url: base } = await startServer());
  const share = (args, env) => JSON.parse(cli(['--json', 'share', clip, '--base', base, ...args], env));
  links.open = share([]);
  links.locked = share(['--password'], { AFTERWORD_SHARE_PASSWORD: 'open sesame' });
  links.captions = share([]);
  links.noDownload = share(['--no-download']);
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    const exited = new Promise((ok) => server.on('exit', (code, signal) => ok({ code, signal })));
    server.kill('SIGTERM');
    const { code } = await exited;
    assert.equal(code, 0, 'afterword serve stops cleanly on SIGTERM');
  }
  if (work) rmSync(work, { recursive: true, force: true });
});

/** A fresh page that records CSP violations and page errors. */
async function open(url, viewport, colorScheme) {
  const context = await browser.newContext({ ...(viewport ? { viewport } : {}), ...(colorScheme ? { colorScheme } : {}) });
  const page = await context.newPage();
  page.problems = [];
  page.on('console', (m) => m.type() === 'error' && /Content.Security.Policy|Refused to/i.test(m.text()) && page.problems.push(m.text()));
  page.on('pageerror', (e) => page.problems.push(String(e)));
  await page.goto(url);
  return page;
}

describe('a share link in a real browser', () => {
  it('plays, seeks, takes a comment at that moment, and keeps it across a reload', async () => {
    const page = await open(links.open.url);
    await page.waitForSelector('video');
    assert.equal(await page.textContent('h1'), 'Sprint demo <b>v2</b>', 'the title is shown as text');
    assert.equal(await page.textContent('.meta .length'), '0:06');

    await page.evaluate(() => {
      const v = document.querySelector('video');
      v.muted = true;
      return v.play();
    });
    await page.waitForFunction(() => document.querySelector('video').currentTime > 0.5, null, { timeout: 15_000 });

    await page.evaluate(
      () =>
        new Promise((ok) => {
          const v = document.querySelector('video');
          v.pause();
          v.addEventListener('seeked', ok, { once: true });
          v.currentTime = 2;
        }),
    );
    assert.equal(await page.evaluate(() => document.querySelector('video').currentTime), 2);

    await page.keyboard.press('c');
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'TEXTAREA', '`c` opens the composer');
    assert.equal(await page.textContent('.composer .pin'), 'At 0:02');
    await page.fill('input.name', 'Rosa');
    await page.fill('textarea.body', 'The chart at two seconds <script>alert(1)</script>');
    await page.click('button.primary');
    await page.waitForSelector('.comments .comment .body');

    await page.reload();
    await page.waitForSelector('.comments .comment .body');
    assert.equal(await page.textContent('.comments .comment .body'), 'The chart at two seconds <script>alert(1)</script>');
    assert.equal(await page.textContent('.comments .comment .stamp'), '0:02');
    assert.equal(await page.textContent('.comments .comment .author'), 'Rosa');
    const marker = await page.getAttribute('.timeline .marker', 'data-at');
    assert.equal(Number(marker), 2000, 'a marker sits at 2 s');
    assert.equal(await page.inputValue('input.name'), 'Rosa', 'the name is remembered');
    assert.deepEqual(page.problems, []);

    const listed = JSON.parse(cli(['--json', 'comment', 'list', clip]));
    const found = listed.find((c) => c.body.startsWith('The chart at two seconds'));
    assert.ok(found, `the CLI lists the comment: ${JSON.stringify(listed)}`);
    assert.equal(found.at_ms, 2000);
    assert.equal(found.author_name, 'Rosa');

    // Keys: ←/→ jump 5 s, space plays and pauses (not while typing).
    await page.click('h1');
    const video = (prop) => page.evaluate((p) => document.querySelector('video')[p], prop);
    await page.evaluate(() => (document.querySelector('video').currentTime = 0.5));
    await page.keyboard.press('ArrowRight');
    assert.equal(await video('currentTime'), 5.5);
    await page.keyboard.press('ArrowLeft');
    assert.equal(await video('currentTime'), 0.5);
    await page.keyboard.press(' ');
    await page.waitForFunction(() => !document.querySelector('video').paused);
    await page.keyboard.press(' ');
    await page.waitForFunction(() => document.querySelector('video').paused);

    // A reaction lands on the timeline at the current moment.
    await page.evaluate(() => (document.querySelector('video').currentTime = 3));
    await page.click('.reactions button.react >> nth=3');
    await page.waitForSelector('.timeline .reaction-mark');
    const at = Number(await page.getAttribute('.timeline .reaction-mark', 'data-at'));
    assert.ok(Math.abs(at - 3000) < 300, `reaction at ${at} ms`);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });

  it('shows comments from others without a reload, and lets the owner resolve', async () => {
    const viewer = await open(links.open.url);
    await viewer.waitForSelector('.comments, .empty');
    const owner = await open(links.open.owner_url);
    await owner.waitForSelector('.comments .comment');
    assert.ok(!owner.url().includes('owner='), 'the owner key leaves the address bar');
    assert.match(await owner.textContent('.meta'), /you own this clip/);

    await owner.fill('textarea.body', 'Fixed, thanks');
    await owner.click('.comments .comment button.link:text("Reply")');
    await owner.click('button.primary');
    await viewer.waitForSelector('.replies .body:text("Fixed, thanks")', { timeout: 10_000 });
    assert.equal(await viewer.textContent('.replies .badge'), 'owner');

    await owner.click('.comments .comment button.link:text("Resolve")');
    await viewer.waitForSelector('.thread.resolved', { timeout: 10_000 });
    assert.equal(await viewer.locator('button.link:text("Resolve")').count(), 0, 'visitors cannot resolve');
    await viewer.context().close();
    await owner.context().close();
  });

  it('follows the system’s light or dark theme, with reactions in colour', async () => {
    mkdirSync(artifacts, { recursive: true });
    const backgrounds = {};
    for (const scheme of ['light', 'dark']) {
      const page = await open(links.open.owner_url, { width: 1280, height: 900 }, scheme);
      await page.waitForSelector('.comments .comment');
      if (scheme === 'light') {
        await page.click('.reactions button[aria-label="React 🎉 here"]');
        await page.waitForSelector('.react .count');
      }
      await page.evaluate(() => document.querySelector('video').currentTime = 2);
      // The glyph a person sees: the reaction button's emoji in the page's own
      // font stack, drawn where the pixels can be read. A colour emoji font
      // gives saturated pixels; a box or an outline glyph only greys.
      const glyph = await page.evaluate(() => {
        const el = document.querySelector('.react .emoji');
        const canvas = document.createElement('canvas');
        canvas.width = canvas.height = 48;
        const ctx = canvas.getContext('2d');
        ctx.font = `32px ${getComputedStyle(el).fontFamily}`;
        ctx.textBaseline = 'top';
        ctx.fillText('🎉', 4, 4);
        const px = ctx.getImageData(0, 0, 48, 48).data;
        let coloured = 0;
        for (let i = 0; i < px.length; i += 4) if (px[i + 3] > 0 && Math.max(px[i], px[i + 1], px[i + 2]) - Math.min(px[i], px[i + 1], px[i + 2]) > 60) coloured++;
        return { width: el.getBoundingClientRect().width, coloured };
      });
      assert.ok(glyph.width > 8, `the reaction's emoji takes room (${glyph.width}px)`);
      assert.ok(glyph.coloured > 50, `the reaction's emoji is drawn in colour (${glyph.coloured} coloured pixels; is a colour emoji font such as fonts-noto-color-emoji installed?)`);
      backgrounds[scheme] = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
      await page.screenshot({ path: join(artifacts, `viewer-${scheme}.png`), fullPage: true });
      const phone = await open(links.open.url, { width: 390, height: 844 }, scheme);
      await phone.waitForSelector('.comments .comment');
      await phone.screenshot({ path: join(artifacts, `viewer-phone-${scheme}.png`) });
      assert.deepEqual(page.problems, []);
      await phone.context().close();
      await page.context().close();
    }
    assert.notEqual(backgrounds.light, backgrounds.dark, 'dark differs from light');
  });

  it('shows a reaction as a word where no font can draw it', async () => {
    // This machine's fonts without the colour emoji one, as on a desktop that
    // never installed it: fontconfig is told to reject it.
    const fonts = join(work, 'no-emoji-fonts.conf');
    writeFileSync(
      fonts,
      `<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>
         <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
         <selectfont><rejectfont><glob>*Emoji*</glob><glob>*Symbola*</glob></rejectfont></selectfont>
       </fontconfig>`,
    );
    const bare = await chromium.launch({
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
      env: { ...process.env, FONTCONFIG_FILE: fonts },
    });
    try {
      const page = await bare.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(links.open.url);
      await page.waitForSelector('.reactions .react');
      const shown = await page.$$eval('.reactions .react', (bs) => bs.map((b) => b.firstElementChild.className + ':' + b.firstElementChild.textContent));
      assert.ok(shown.includes('emoji-word:+1'), `👍 reads "+1": ${shown.join(' ')}`);
      assert.ok(shown.includes('emoji-word:yay'), `🎉 reads "yay": ${shown.join(' ')}`);
      await page.screenshot({ path: join(artifacts, 'viewer-no-emoji-font.png') });
    } finally {
      await bare.close();
    }
  });

  it('refuses a password-protected link until it is unlocked', async () => {
    const page = await open(links.locked.url);
    await page.waitForSelector('form.unlock');
    assert.equal(await page.locator('video').count(), 0);
    assert.equal((await page.request.get(`${links.locked.url}/video`)).status(), 401);
    assert.equal((await page.request.get(`${links.locked.url}/api/comments`)).status(), 401);

    await page.screenshot({ path: join(artifacts, 'viewer-locked.png') });
    await page.fill('form.unlock input', 'open says me');
    await page.click('form.unlock button');
    await page.waitForSelector('form.unlock .error');
    assert.match(await page.textContent('form.unlock .error'), /not right/);
    assert.equal((await page.request.get(`${links.locked.url}/video`)).status(), 401);

    await page.fill('form.unlock input', 'open sesame');
    await page.click('form.unlock button');
    await page.waitForSelector('video');
    const part = await page.request.get(`${links.locked.url}/video`, { headers: { range: 'bytes=0-99' } });
    assert.equal(part.status(), 206);
    assert.equal((await part.body()).length, 100);
    await page.context().close();
  });

  it('is readable on a phone', async () => {
    const page = await open(links.open.url, { width: 390, height: 844 });
    await page.waitForSelector('.comments .comment');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no sideways scrolling (${overflow}px too wide)`);
    const videoWidth = await page.evaluate(() => document.querySelector('video').getBoundingClientRect().width);
    assert.ok(videoWidth > 350, `the video fills the width (${videoWidth}px)`);
    await page.context().close();
  });

  it('says a revoked link is gone', async () => {
    cli(['share', 'revoke', links.open.id]);
    const page = await open(links.open.url);
    await page.waitForSelector('h1');
    assert.equal(await page.textContent('h1'), 'Link not available');
    await page.screenshot({ path: join(artifacts, 'viewer-gone.png') });
    await page.context().close();
  });
});

describe('captions and the transcript in a real browser', () => {
  /** The video's captions track once its file has loaded (cues arrive as it is parsed): mode, language, label and each cue. */
  const captions = (page) =>
    page.waitForFunction(() => {
      const element = document.querySelector('video track');
      const track = document.querySelector('video')?.textTracks[0];
      if (element?.readyState !== HTMLTrackElement.LOADED || !track?.cues) return null;
      const cues = [...track.cues].map((c) => ({ start: c.startTime, end: c.endTime, shown: c.getCueAsHTML().textContent }));
      return { mode: track.mode, language: track.language, label: track.label, cues };
    }, null, { timeout: 10_000 }).then((h) => h.jsonValue());
  const currentTime = (page) => page.evaluate(() => document.querySelector('video').currentTime);

  it('plays the captions, and seeks to a line of the transcript clicked', async () => {
    const page = await open(links.captions.url);
    const track = await captions(page);
    assert.deepEqual(track.cues, SAID.map(([start, end, text]) => ({ start: start / 1000, end: end / 1000, shown: text })), 'every line is a cue, its markup shown as text');
    assert.deepEqual([track.mode, track.language, track.label], ['showing', 'en', 'English']);

    const lines = await page.$$eval('.transcript .line', (ls) => ls.map((l) => [l.querySelector('.stamp').textContent, l.querySelector('.text').textContent]));
    assert.deepEqual(lines, [['0:00', SAID[0][2]], ['0:02', SAID[1][2]], ['0:03', SAID[2][2]]]);
    assert.equal(await page.locator('.transcript b').count(), 0, 'lines are text, not HTML');

    await page.click('.transcript .line >> nth=1');
    await page.waitForFunction(() => document.querySelector('video').currentTime === 2);
    assert.equal(await currentTime(page), 2, 'the click seeks to the line');
    await page.waitForSelector('.transcript .line[aria-current="true"][data-at="2000"]');

    // The marked line follows playback.
    await page.evaluate(() => {
      const v = document.querySelector('video');
      v.muted = true;
      v.currentTime = 3.3;
      return v.play();
    });
    await page.waitForSelector('.transcript .line[aria-current="true"][data-at="3500"]', { timeout: 10_000 });
    await page.evaluate(() => document.querySelector('video').pause());
    assert.equal(await page.locator('.transcript [aria-current]').count(), 1);

    // The toggle hides and shows the captions.
    const mode = () => page.evaluate(() => document.querySelector('video').textTracks[0].mode);
    await page.click('.transcript button.toggle');
    assert.equal(await mode(), 'hidden');
    assert.equal(await page.getAttribute('.transcript button.toggle', 'aria-pressed'), 'false');
    await page.click('.transcript button.toggle');
    assert.equal(await mode(), 'showing');

    // Find narrows the lines and marks the words.
    await page.fill('.transcript input.find', 'CHART');
    assert.deepEqual(await page.$$eval('.transcript .line .text', (ls) => ls.map((l) => l.textContent)), [SAID[1][2]]);
    assert.equal(await page.textContent('.transcript mark'), 'chart');

    const download = await page.getAttribute('.transcript a.download', 'href');
    const text = await page.request.get(new URL(download, links.captions.url).href);
    assert.equal(text.status(), 200);
    assert.equal(await text.text(), SAID.map((s) => `${s[2]}\n`).join(''));
    assert.deepEqual(page.problems, [], 'no CSP refusals: the track loads under media-src');
    await page.context().close();
  });

  it('plays captions on a link with downloads off, and offers no transcript file', async () => {
    const page = await open(links.noDownload.url);
    const track = await captions(page);
    assert.equal(track.cues.length, SAID.length);
    await page.waitForSelector('.transcript .line');
    assert.equal(await page.locator('.transcript a.download').count(), 0);
    assert.equal((await page.request.get(`${links.noDownload.url}/transcript.txt`)).status(), 403);
    assert.equal((await page.request.get(`${links.noDownload.url}/captions.vtt`)).status(), 200);
    assert.deepEqual(page.problems, []);
    await page.context().close();
  });
});

describe('the share and serve verbs', () => {
  const run = (args, opts = {}) =>
    spawnSync(afterword, ['--library', library, ...args], { encoding: 'utf8', env: { ...process.env, AFTERWORD_SHARE_PASSWORD: '' }, ...opts });

  it('reads a password from standard input, lists links and revokes one', () => {
    const env = { ...process.env };
    delete env.AFTERWORD_SHARE_PASSWORD;
    const made = spawnSync(afterword, ['--library', library, '--json', 'share', clip, '--password', '--no-download', '--expires', '2h', '--base', base], {
      encoding: 'utf8',
      input: 'from stdin\n',
      env,
    });
    assert.equal(made.status, 0, made.stderr);
    const link = JSON.parse(made.stdout);
    assert.equal(link.has_password, true);
    assert.equal(link.allow_download, false);
    assert.ok(link.url.startsWith(`${base}/s/`) && /\/s\/[0-9a-f]{32}$/.test(link.url), link.url);
    const hours = (Date.parse(link.expires_at) - Date.now()) / 3_600_000;
    assert.ok(hours > 1.9 && hours <= 2, `expires in ${hours} h`);

    const human = run(['share', clip, '--base', base]);
    assert.equal(human.status, 0, human.stderr);
    assert.match(human.stdout.trim(), /^http:\/\/127\.0\.0\.1:\d+\/s\/[0-9a-f]{32}$/, 'stdout is the link alone');
    assert.match(human.stderr, /owner link/i);

    const listed = run(['share', 'list', clip]);
    assert.match(listed.stdout, new RegExp(`${link.id} .*password +no-download`));
    assert.equal(run(['share', 'revoke', link.id]).status, 0);
    assert.match(run(['share', 'list']).stdout, new RegExp(`${link.id} .* revoked`));
  });

  it('refuses bad input with exit status 2 and one line', () => {
    for (const [args, says] of [
      [['share', clip, '--expires', '3y'], /not a duration/],
      [['share', 'not-a-clip'], /not a clip id/],
      [['share', '0195f0c2-7b1e-7c3a-9d4e-1a2b3c4d5e6f'], /no clip/],
      [['share', 'revoke', '0195f0c2-7b1e-7c3a-9d4e-1a2b3c4d5e6f'], /no link/],
      [['share', clip, '--base', 'ftp://x'], /not a base URL/],
      [['serve', '--bind', base.replace('http://', '')], /cannot listen on .*another `afterword serve`/],
    ]) {
      const r = run(args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, says);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
  });
});
