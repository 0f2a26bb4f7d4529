import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Discussion, type Action } from '../src/components/Discussion';
import { DELETE_QUESTION, MIN_RANGE_MS, markEnd, markStart, rangeWithin, refusal, splitRemoved } from '../src/components/discussion';
import { comment } from './fixtures';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('discussion rules', () => {
  it('keeps a range inside the clip and running forwards', () => {
    expect(rangeWithin(-500, 2000, 10_000)).toEqual({ start: 0, end: 2000 });
    expect(rangeWithin(9_999.6, 12_000, 10_000)).toEqual({ start: 9_999, end: 10_000 });
    expect(rangeWithin(5000, 4000, 10_000)).toEqual({ start: 5000, end: 5001 });
  });

  it('marks a range at least a second long, clamped to the clip', () => {
    expect(markStart(3000, null, 10_000)).toEqual({ start: 3000, end: 3000 + MIN_RANGE_MS });
    expect(markStart(3000, { start: 1000, end: 6000 }, 10_000)).toEqual({ start: 3000, end: 6000 });
    expect(markStart(9800, null, 10_000)).toEqual({ start: 9800, end: 10_000 });
    expect(markEnd(5000, null, 10_000)).toEqual({ start: 0, end: 5000 });
    expect(markEnd(5000, { start: 4500, end: 6000 }, 10_000)).toEqual({ start: 4000, end: 5000 });
    expect(markEnd(300, null, 10_000)).toEqual({ start: 0, end: MIN_RANGE_MS });
  });

  it('reads a refusal from an Error, the app’s { message } or a string', () => {
    expect([refusal(new Error('a')), refusal({ kind: 'invalid', message: 'b' }), refusal('c')]).toEqual(['a', 'b', 'c']);
  });

  it('shows comments in a removed part to the owner only, apart, with their replies', () => {
    const gone = comment({ id: 'g', removed: true });
    const reply = comment({ id: 'r', parent_id: 'g' });
    const kept = comment({ id: 'k' });
    expect(splitRemoved([gone, reply, kept], true)).toEqual({ shown: [kept], removed: [gone, reply] });
    expect(splitRemoved([gone, reply, kept], false)).toEqual({ shown: [kept], removed: [] });
  });
});

describe('Discussion', () => {
  function mount(over: { isOwner?: boolean; confirm?: (q: string) => boolean; fail?: string } = {}) {
    const el = document.body.appendChild(document.createElement('div'));
    const remove = vi.fn(async () => undefined);
    const action: Action = {
      busy: false,
      error: over.fail ?? null,
      run: async (what) => (await what(), true),
    };
    const comments = [comment({ id: 'k', body: 'kept' }), comment({ id: 'g', body: 'gone', removed: true })];
    act(() =>
      render(
        <Discussion
          comments={comments}
          isOwner={over.isOwner ?? true}
          name=""
          onName={() => {}}
          durationMs={10_000}
          nowMs={() => 2000}
          selection={null}
          onSelection={() => {}}
          bodyRef={{ current: null }}
          onSeek={() => {}}
          onPause={() => {}}
          action={action}
          post={async () => undefined}
          resolve={async () => undefined}
          remove={remove}
          confirm={over.confirm}
        />,
        el,
      ),
    );
    return { el, remove };
  }

  it('asks before deleting, and deletes only when told yes', async () => {
    const asked: string[] = [];
    let answer = false;
    const { el, remove } = mount({ confirm: (q) => (asked.push(q), answer) });
    const del = () => el.querySelector<HTMLButtonElement>('.comments .danger')!;
    await act(async () => del().click());
    expect(remove).not.toHaveBeenCalled();
    answer = true;
    await act(async () => del().click());
    expect(asked).toEqual([DELETE_QUESTION, DELETE_QUESTION]);
    expect(remove).toHaveBeenCalledTimes(1);
  });

  it('lists a removed part’s comments apart for the owner and not at all for a viewer', () => {
    const owner = mount();
    expect(owner.el.querySelector('.count')?.textContent).toBe('1');
    expect(owner.el.querySelector('#removed-comments summary')?.textContent).toContain('In a removed part');
    expect(owner.el.querySelector('#removed-comments .body')?.textContent).toBe('gone');
    document.body.innerHTML = '';
    const viewer = mount({ isOwner: false });
    expect(viewer.el.querySelector('#removed-comments')).toBeNull();
    expect([...viewer.el.querySelectorAll('.comments .body')].map((b) => b.textContent)).toEqual(['kept']);
  });

  it('shows a refusal in the composer', () => {
    const { el } = mount({ fail: 'the comment is empty' });
    expect(el.querySelector('.composer [role=alert]')?.textContent).toBe('the comment is empty');
  });
});
