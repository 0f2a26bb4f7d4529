import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TagsAndFolder } from '../../src/app/workflow/TagsAndFolder';

afterEach(() => {
  render(null, document.body);
  document.body.innerHTML = '';
});

async function mount(node: preact.ComponentChild): Promise<HTMLElement> {
  const host = document.createElement('div');
  document.body.appendChild(host);
  await act(async () => render(node, host));
  return host;
}

const type = async (el: HTMLElement, css: string, value: string) => {
  const input = el.querySelector(css) as HTMLInputElement;
  await act(async () => {
    input.value = value;
    input.dispatchEvent(new Event('input'));
  });
};
const submit = async (el: HTMLElement, css: string) => {
  await act(async () => {
    (el.querySelector(css) as HTMLFormElement).dispatchEvent(new Event('submit', { cancelable: true }));
  });
};

describe('tags and folder', () => {
  it('adds and removes tags and files the thing in a folder, showing what the library kept', async () => {
    const onRetag = vi.fn(async (add: string[], remove: string[]) => (add.length ? ['pricing', ...add] : ['pricing'].filter((t) => !remove.includes(t))));
    const onMove = vi.fn(async (folder: string) => folder.split('/').map((p) => p.trim()).join('/'));
    const el = await mount(<TagsAndFolder tags={['pricing']} folder="" onRetag={onRetag} onMove={onMove} />);
    await type(el, 'input[name=tag]', 'q3');
    await submit(el, 'form.add-tag');
    expect(onRetag).toHaveBeenCalledWith(['q3'], []);
    expect([...el.querySelectorAll('.tag')].map((t) => t.firstChild?.textContent)).toEqual(['pricing', 'q3']);
    await act(async () => (el.querySelector('[aria-label="Remove tag pricing"]') as HTMLButtonElement).click());
    expect(onRetag).toHaveBeenLastCalledWith([], ['pricing']);
    await type(el, 'input[name=folder]', ' Sales / Q3 ');
    await submit(el, 'form.move-folder');
    expect(onMove).toHaveBeenCalledWith(' Sales / Q3 ');
    expect((el.querySelector('input[name=folder]') as HTMLInputElement).value).toBe('Sales/Q3');
  });

  it('shows a refused tag in words', async () => {
    const el = await mount(
      <TagsAndFolder tags={[]} folder="" onRetag={() => Promise.reject({ kind: 'invalid', message: 'the tag "a b" is not usable' })} onMove={async (f) => f} />,
    );
    await type(el, 'input[name=tag]', 'a b');
    await submit(el, 'form.add-tag');
    expect(el.querySelector('.error')?.textContent).toBe('the tag "a b" is not usable');
  });
});
