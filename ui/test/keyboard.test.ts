import { describe, expect, it, vi } from 'vitest';
import { handleKey, SEEK_STEP_MS } from '../src/viewer/keyboard';

function press(key: string, target: Element = document.body, mods: KeyboardEventInit = {}) {
  const e = new KeyboardEvent('keydown', { key, cancelable: true, bubbles: true, ...mods });
  Object.defineProperty(e, 'target', { value: target });
  return e;
}

describe('keyboard', () => {
  const actions = () => ({ toggle: vi.fn(), seekBy: vi.fn(), comment: vi.fn() });

  it('space plays or pauses, arrows jump 5 s, c comments', () => {
    const a = actions();
    const space = press(' ');
    expect(handleKey(space, a)).toBe(true);
    expect(space.defaultPrevented).toBe(true);
    handleKey(press('ArrowLeft'), a);
    handleKey(press('ArrowRight'), a);
    handleKey(press('c'), a);
    expect(a.toggle).toHaveBeenCalledTimes(1);
    expect(a.seekBy.mock.calls).toEqual([[-SEEK_STEP_MS], [SEEK_STEP_MS]]);
    expect(SEEK_STEP_MS).toBe(5000);
    expect(a.comment).toHaveBeenCalledTimes(1);
  });

  it('leaves typing and shortcuts of the browser alone', () => {
    const a = actions();
    const textarea = document.createElement('textarea');
    const input = document.createElement('input');
    document.body.append(textarea, input);
    expect(handleKey(press('c', textarea), a)).toBe(false);
    expect(handleKey(press(' ', input), a)).toBe(false);
    expect(handleKey(press('c', document.body, { ctrlKey: true }), a)).toBe(false);
    expect(handleKey(press('x'), a)).toBe(false);
    expect(a.comment).not.toHaveBeenCalled();
    expect(a.toggle).not.toHaveBeenCalled();
  });
});
