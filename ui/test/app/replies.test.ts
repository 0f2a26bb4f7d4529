import { describe, expect, it, vi } from 'vitest';
vi.mock('../../src/app/bindings', () => ({ commands: {}, events: {} }));
const { ReplyRecorder } = await import('../../src/app/workflow/replies');

const view = (clip_id: string | null) => ({ phase: 'recording' as const, countdown_secs: null, elapsed_ms: 0, level_rms: 0, level_peak: 0, silent: false, warnings: [], clip_id });

function setup() {
  let finished: (clip: string) => void = () => undefined;
  const deps = {
    start: vi.fn(async () => view('clip-1')),
    stop: vi.fn(async () => ({ ...view(null), phase: 'idle' as const })),
    discard: vi.fn(async () => ({ ...view(null), phase: 'idle' as const })),
    post: vi.fn(async () => undefined),
    onFinished: (cb: (clip: string) => void) => {
      finished = cb;
    },
  };
  return { r: new ReplyRecorder(deps), deps, finish: (c: string) => finished(c) };
}

describe('reply with a recording', () => {
  it('posts the recording to its thread once, however it was stopped', async () => {
    const { r, deps, finish } = setup();
    const posted: string[] = [];
    r.onPosted((t) => posted.push(t));
    await r.start('thread-1');
    expect(r.threadOf('clip-1')).toBe('thread-1');
    finish('another-clip');
    expect(deps.post).not.toHaveBeenCalled();
    await r.stop();
    finish('clip-1'); // the shell's announcement arrives too
    await Promise.resolve();
    expect(deps.post).toHaveBeenCalledTimes(1);
    expect(deps.post).toHaveBeenCalledWith('thread-1', 'clip-1');
    expect(posted).toEqual(['thread-1']);
    expect(r.threadOf('clip-1')).toBeNull();
  });

  it('posts when the floating control or tray stops it', async () => {
    const { r, deps, finish } = setup();
    await r.start('thread-2');
    finish('clip-1');
    await Promise.resolve();
    expect(deps.post).toHaveBeenCalledWith('thread-2', 'clip-1');
  });

  it('posts nothing for a discarded recording', async () => {
    const { r, deps, finish } = setup();
    await r.start('thread-1');
    await r.discard();
    finish('clip-1');
    await r.stop().catch(() => undefined);
    expect(deps.post).not.toHaveBeenCalled();
  });
});
