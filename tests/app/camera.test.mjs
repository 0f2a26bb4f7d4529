// The camera in the app, with a fake PipeWire camera showing solid red over
// the suite's blue desktop (#2e6bd1): the Record page lists it and shows its
// live picture; a recording opens the bubble's window where the clip draws
// the bubble; dragging that window (a real X pointer drag, xdotool) moves the
// bubble in the recording; the floating control sends it to the next
// corner; − makes it smaller. Checked on the screen and in
// the saved clip's frames.
import { execFileSync } from 'node:child_process';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { fakeCamera, geometry, grab, visibleWindows, waitForColour, xdo } from './desktop.mjs';
import { openApp, sleep } from './webdriver.mjs';

const RED = [255, 0, 0];
const BLUE = [0x2e, 0x6b, 0xd1];
const near = (a, b, tolerance = 40) => a.every((v, i) => Math.abs(v - b[i]) <= tolerance);
let camera;
let app;

before(async () => {
  camera = await fakeCamera('red');
  app = await openApp({ env: { PIPEWIRE_RUNTIME_DIR: camera.dir } });
});

after(async () => {
  await app?.discardLeftover();
  // The suite's later files share these settings: no camera for them.
  const settings = await app?.invoke('get_settings').catch(() => null);
  if (settings) await app.invoke('save_settings', { settings: { ...settings, camera: { ...settings.camera, name: null } } });
  await app?.quit();
  camera?.stop();
});

/** The colour of one pixel of a clip at `seconds` (ffmpeg reads the app's media URL). */
function clipPixel(url, seconds, x, y) {
  const rgb = execFileSync('ffmpeg', ['-loglevel', 'error', '-ss', String(seconds), '-i', url, '-frames:v', '1',
    '-vf', `format=rgb24,crop=1:1:${x}:${y}`, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { timeout: 30000 });
  return [...rgb.subarray(0, 3)];
}

/** The bubble's window, once it is on the screen. */
async function bubbleWindow() {
  return app.wd.waitFor('the camera bubble window', () => visibleWindows('--name', '^Afterword camera$')[0] ?? null);
}

test('the Record page lists the camera and shows its live picture', async () => {
  await app.go('#/record');
  await app.wd.waitFor('fakecam in the camera list', () =>
    app.wd.execute("return [...document.querySelectorAll('#camera option')].some((o) => o.value === 'fakecam')"));
  await app.fill('#camera', 'fakecam');
  const asked = Date.now();
  await app.wd.waitFor('the preview to show a picture', () =>
    app.wd.execute("const i = document.querySelector('#camera-preview img'); return !!i && i.complete && i.naturalWidth > 0"));
  console.log(`the first picture after ${Date.now() - asked} ms; problems shown: ${await app.wd.execute("const p = document.querySelector('.camera-settings .device-problem'); return p && p.textContent")}`);
  const settings = await app.invoke('get_settings');
  assert.equal(settings.camera.name, 'fakecam', 'the choice is kept');
  // The picture on the screen: where the page shows the preview, the camera's red.
  const box = await app.wd.execute(`const b = document.querySelector('#camera-preview').getBoundingClientRect();
    return { x: Math.round(window.screenX + b.left), y: Math.round(window.screenY + b.top), width: Math.round(b.width), height: Math.round(b.height) };`);
  const inner = { x: box.x + box.width / 4, y: box.y + box.height / 4, width: box.width / 2, height: box.height / 2 };
  // Watched for, as a person would: a loaded picture is painted a moment
  // after it loads. (A preview cut off by the window's edge failed here.)
  await waitForColour('the preview red on the screen', inner, RED);
  // It keeps coming: the image is asked for again and again.
  const first = await app.wd.execute("return document.querySelector('#camera-preview img').src");
  await sleep(500);
  assert.notEqual(await app.wd.execute("return document.querySelector('#camera-preview img').src"), first, 'a live picture, not one still');
  await app.shot('camera-record-page');
});

test('the bubble window sits where the clip draws the bubble, and dragging it moves the bubble in the recording', async () => {
  const settings = await app.invoke('get_settings');
  await app.invoke('save_settings', {
    settings: { ...settings, record_microphone: false, camera: { ...settings.camera, name: 'fakecam', alone: false, corner: 'bottom_right', size: 240, circle: true, mirror: true } },
  });
  const before = await app.clips();
  await app.invoke('record_start', { target: { kind: 'screen' }, replyTo: null });
  await app.recorded(500);
  const id = await bubbleWindow();
  // 240 px, 24 px in from the bottom-right corner of the 1920x1080 screen.
  const start = geometry(id);
  assert.deepEqual(start, { x: 1656, y: 816, width: 240, height: 240 });
  const centre = (g) => ({ x: g.x + g.width / 2, y: g.y + g.height / 2 });
  const a = centre(start);
  await app.wd.waitFor('the camera in the bubble window', () => near(grab({ x: a.x - 5, y: a.y - 5, width: 10, height: 10 }).at(5, 5), RED));
  // Outside the circle, the window is cut away: its corner shows the desktop.
  assert.ok(near(grab({ x: start.x + 2, y: start.y + 2, width: 1, height: 1 }).at(0, 0), BLUE), 'the corner of the shaped window is see-through');
  await app.recorded(2000);

  // A person's drag, with the X server's pointer, to the bottom left (clear
  // of the app's main window).
  xdo('mousemove', String(a.x), String(a.y));
  xdo('mousedown', '1');
  for (let i = 1; i <= 10; i += 1) {
    xdo('mousemove', String(Math.round(a.x + ((200 - a.x) * i) / 10)), String(Math.round(a.y + ((950 - a.y) * i) / 10)));
    await sleep(40);
  }
  xdo('mouseup', '1');
  const moved = await app.wd.waitFor('the bubble window to move', () => {
    const g = geometry(id);
    return Math.abs(g.x - 80) <= 4 && Math.abs(g.y - 830) <= 4 && g;
  }).catch((e) => assert.fail(`${e.message}: it is at ${JSON.stringify(geometry(id))}`));
  xdo('mousemove', '960', '10'); // the pointer away from what is checked
  const b = centre(moved);
  const elapsed = (await app.status()).elapsed_ms;
  await app.recorded(elapsed + 2000);
  await app.invoke('record_stop');
  const clip = await app.newClip(before);
  assert.equal(visibleWindows('--name', '^Afterword camera$').length, 0, 'the bubble window closes with the recording');

  const end = clip.duration_ms / 1000 - 0.5;
  assert.ok(near(clipPixel(clip.media_url, 1, a.x, a.y), RED), 'at first, the camera at the bottom right');
  assert.ok(near(clipPixel(clip.media_url, 1, b.x, b.y), BLUE), 'at first, nothing where it will go');
  assert.ok(near(clipPixel(clip.media_url, end, b.x, b.y), RED), 'at the end, the camera where it was dragged');
  assert.ok(near(clipPixel(clip.media_url, end, a.x, a.y), BLUE), 'at the end, the desktop where it was');
  // The bubble is one circle: its square's corner is the desktop, not the window behind it.
  assert.ok(near(clipPixel(clip.media_url, end, moved.x + 3, moved.y + 3), BLUE), 'the circle, not a square');
});

test('the floating control moves the bubble to the next corner', async () => {
  await app.invoke('record_start', { target: { kind: 'screen' }, replyTo: null });
  await app.recorded(500);
  const id = await bubbleWindow();
  const main = await app.wd.window();
  const control = await app.wd.waitFor('the floating control', async () => {
    for (const handle of await app.wd.windows()) {
      await app.wd.switchTo(handle);
      if ((await app.wd.execute('return location.hash')) === '#/control') return handle;
    }
    return null;
  });
  try {
    await app.wd.switchTo(control);
    await app.click('#bubble-corner');
    // Bottom right, clockwise: bottom left, 24 px in.
    await app.wd.waitFor('the bubble in the bottom-left corner', () => {
      const g = geometry(id);
      return g.x === 24 && g.y === 1080 - 24 - g.height;
    });
  } finally {
    await app.wd.switchTo(main);
    await app.invoke('record_discard');
  }
});

test('the bubble can be made smaller while recording', async () => {
  await app.invoke('record_start', { target: { kind: 'screen' }, replyTo: null });
  await app.recorded(500);
  const id = await bubbleWindow();
  const start = geometry(id);
  await app.invoke('bubble_resize', { by: -80 });
  const smaller = await app.wd.waitFor('the bubble window to shrink', () => {
    const g = geometry(id);
    return g.width === start.width - 80 && g;
  });
  assert.equal(smaller.height, smaller.width, 'still a square');
  assert.equal(smaller.x, start.x + 40, 'around the same centre');
  await app.invoke('record_discard');
});
