import { describe, expect, it } from 'vitest';
import { EditedTimeline, editedVideo } from '../src/components/editedTime';

// Kept: 1–3 s and 5–8 s of a 10 s original (a trim of the first second and
// the last two, and a cut of 3–5 s): the edit plays 5 s.
const kept = [
  { start_ms: 1000, end_ms: 3000 },
  { start_ms: 5000, end_ms: 8000 },
];

/** A stand-in `<video>`: a clock and a paused flag, as the wrapper uses them. */
function fakeVideo(at: number) {
  const v = { currentTime: at, paused: false, pause: () => void (v.paused = true) };
  return v as unknown as HTMLVideoElement;
}

describe('EditedTimeline', () => {
  const t = new EditedTimeline(kept);

  it('maps file time to edited time and back', () => {
    expect(t.durationMs).toBe(5000);
    expect([t.toEdited(1000), t.toEdited(2500), t.toEdited(5000), t.toEdited(7999)]).toEqual([0, 1500, 2000, 4999]);
    expect([t.toFile(0), t.toFile(1500), t.toFile(2000), t.toFile(4000), t.toFile(9000)]).toEqual([1000, 2500, 5000, 7000, 8000]);
  });

  it('puts a removed moment at the join after it', () => {
    expect([t.toEdited(0), t.toEdited(4000), t.toEdited(9000)]).toEqual([0, 2000, 5000]);
  });

  it('says where playback goes on: on, over a removed part, or the end', () => {
    expect(t.skip(2000)).toBeNull();
    expect(t.skip(500)).toBe(1000);
    expect(t.skip(3000)).toBe(5000);
    expect(t.skip(8000)).toBe('end');
  });

  it('passes time through when the file plays the edit itself', () => {
    const direct = new EditedTimeline(null);
    expect([direct.direct, direct.toEdited(1234), direct.toFile(1234), direct.skip(1234)]).toEqual([true, 1234, 1234, null]);
  });
});

describe('editedVideo', () => {
  const t = new EditedTimeline(kept);

  it('seeks and reads in edited ms while the original plays', () => {
    const v = fakeVideo(0);
    const player = editedVideo(v, t);
    player.seek(2500);
    expect(v.currentTime).toBe(5.5);
    expect(player.nowMs()).toBe(2500);
  });

  it('jumps over a removed part while playing', () => {
    const v = fakeVideo(3.02);
    expect(editedVideo(v, t).tick()).toBe(2000);
    expect(v.currentTime).toBe(5);
  });

  it('starts at the first kept moment, and stops at the end of the edit', () => {
    const start = fakeVideo(0);
    expect(editedVideo(start, t).tick()).toBe(0);
    expect(start.currentTime).toBe(1);
    const end = fakeVideo(8.3);
    expect(editedVideo(end, t).tick()).toBe(5000);
    expect([end.paused, end.currentTime]).toEqual([true, 8]);
  });
});
