import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorLine, PageLoading, usePageAction, type PageAction } from '../../src/app/pageState';

async function mount(node: preact.ComponentChild): Promise<HTMLElement> {
  const host = document.createElement('div');
  document.body.appendChild(host);
  await act(async () => {
    render(node, host);
  });
  return host;
}

afterEach(() => {
  render(null, document.body);
  document.body.innerHTML = '';
});

describe('PageLoading', () => {
  it('is busy until there is an error, then says it in words', async () => {
    const busy = await mount(<PageLoading error={null} />);
    expect(busy.querySelector('section.page [aria-busy="true"]')).not.toBeNull();
    const failed = await mount(<PageLoading error="no clip with id x" />);
    expect(failed.querySelector('section.page .error')?.textContent).toBe('no clip with id x');
    expect(failed.querySelector('[aria-busy]')).toBeNull();
  });
});

describe('usePageAction', () => {
  let action: PageAction;
  function Probe() {
    action = usePageAction();
    return (
      <p id="state" data-busy={String(action.busy)}>
        <ErrorLine error={action.error} />
      </p>
    );
  }

  it('is busy while an action runs, then runs what follows with its result', async () => {
    const el = await mount(<Probe />);
    let finish: (v: number) => void = () => undefined;
    const seen: number[] = [];
    let done: Promise<boolean> = Promise.resolve(false);
    await act(async () => {
      done = action.run(() => new Promise<number>((r) => (finish = r)), (v) => seen.push(v));
    });
    expect(el.querySelector('#state')?.getAttribute('data-busy')).toBe('true');
    await act(async () => {
      finish(7);
      expect(await done).toBe(true);
    });
    expect(seen).toEqual([7]);
    expect(el.querySelector('#state')?.getAttribute('data-busy')).toBe('false');
    expect(el.querySelector('.error')).toBeNull();
  });

  it('shows a refusal in words and clears it on the next action', async () => {
    const el = await mount(<Probe />);
    await act(async () => {
      expect(await action.run(() => Promise.reject({ message: 'the tag "a b" is not usable' }))).toBe(false);
    });
    expect(el.querySelector('.error')?.textContent).toBe('the tag "a b" is not usable');
    await act(async () => {
      expect(await action.run(() => Promise.resolve(1), () => Promise.reject(new Error('reload failed')))).toBe(false);
    });
    expect(el.querySelector('.error')?.textContent).toBe('reload failed');
    await act(async () => {
      await action.run(() => Promise.resolve(1));
    });
    expect(el.querySelector('.error')).toBeNull();
  });
});
