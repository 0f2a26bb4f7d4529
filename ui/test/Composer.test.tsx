import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NewComment } from '../src/api';
import { Composer, type ComposerProps } from '../src/components/Composer';
import { NAME_KEY, useRememberedName } from '../src/components/storage';
import { comment } from './fixtures';

afterEach(() => {
  document.body.innerHTML = '';
  localStorage.clear();
});

function mount(over: Partial<ComposerProps>) {
  const el = document.body.appendChild(document.createElement('div'));
  const onSubmit = vi.fn(async (_: NewComment) => true);
  const props: ComposerProps = {
    atMs: 2_000,
    selection: null,
    replyTo: null,
    isOwner: false,
    name: 'Ana',
    onName: () => {},
    onRepin: () => {},
    onMarkStart: () => {},
    onMarkEnd: () => {},
    onClearSelection: () => {},
    onCancelReply: () => {},
    onSubmit,
    ...over,
  };
  act(() => render(<Composer {...props} />, el));
  return { el, onSubmit };
}

async function type(el: HTMLElement, text: string) {
  const area = el.querySelector('textarea')!;
  await act(() => {
    area.value = text;
    area.dispatchEvent(new Event('input', { bubbles: true }));
  });
  await act(async () => {
    el.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }));
  });
}

describe('Composer', () => {
  it('comments at the pinned moment', async () => {
    const { el, onSubmit } = mount({});
    expect(el.querySelector('.pin')?.textContent).toBe('At 0:02');
    await type(el, 'look here');
    expect(onSubmit).toHaveBeenCalledWith({ body: 'look here', name: 'Ana', at_ms: 2_000 });
    expect(el.querySelector('textarea')!.value).toBe('');
  });

  it('comments over a selected range', async () => {
    const { el, onSubmit } = mount({ selection: { start: 1_000, end: 3_000 } });
    expect(el.querySelector('.pin')?.textContent).toBe('Over 0:01–0:03');
    await type(el, 'this part');
    expect(onSubmit).toHaveBeenCalledWith({ body: 'this part', name: 'Ana', at_ms: 1_000, end_ms: 3_000 });
  });

  it('replies without a moment, and the owner needs no name', async () => {
    const parent = comment({ id: 'p', author_name: 'Ben' });
    const { el, onSubmit } = mount({ replyTo: parent, isOwner: true });
    expect(el.querySelector('input.name')).toBeNull();
    expect(el.querySelector('.pin')?.textContent).toContain('Replying to Ben');
    await type(el, 'thanks');
    expect(onSubmit).toHaveBeenCalledWith({ body: 'thanks', parent_id: 'p' });
  });
});

describe('remembered name', () => {
  it('is read from and written to this browser', () => {
    localStorage.setItem(NAME_KEY, 'Cleo');
    let api: [string, (n: string) => void] | undefined;
    function Probe() {
      api = useRememberedName();
      return null;
    }
    const el = document.body.appendChild(document.createElement('div'));
    act(() => render(<Probe />, el));
    expect(api![0]).toBe('Cleo');
    act(() => api![1]('Dana'));
    expect(localStorage.getItem(NAME_KEY)).toBe('Dana');
    expect(api![0]).toBe('Dana');
  });
});
