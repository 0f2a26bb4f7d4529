import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { StorageTargetView } from '../../src/app/bindings';

const commands = vi.hoisted(() => ({
  storageTargets: vi.fn(),
  addStorageTarget: vi.fn(),
  testStorageTarget: vi.fn(),
  removeStorageTarget: vi.fn(),
}));
vi.mock('../../src/app/bindings', () => ({ commands }));

const { StorageSettings } = await import('../../src/app/pages/StorageSettings');

const team: StorageTargetView = { name: 'team', url: 's3://clips/notes', endpoint: 'http://127.0.0.1:3900', region: 'garage', profile: null, public_url: null };
let root: HTMLElement;
const flush = async () => {
  for (let i = 0; i < 5; i += 1) await act(() => new Promise((r) => setTimeout(r, 10)));
};
const click = async (selector: string) => {
  const el = root.querySelector<HTMLElement>(selector);
  if (!el) throw new Error(`${selector} not in ${root.innerHTML}`);
  await act(() => el.click());
  await flush();
};

beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
});
afterEach(() => {
  render(null, root);
  root.remove();
  vi.clearAllMocks();
});

describe('Team storage in Settings', () => {
  it('offers to add storage when there is none', async () => {
    commands.storageTargets.mockResolvedValue([]);
    render(<StorageSettings />, root);
    await flush();
    expect(root.querySelector('#no-targets')?.textContent).toMatch(/No storage yet/);
    expect(root.querySelector<HTMLButtonElement>('#add-target')?.disabled).toBe(true);
  });

  it('lists a target and says what failed when its test fails', async () => {
    commands.storageTargets.mockResolvedValue([team]);
    commands.testStorageTarget.mockRejectedValue({ kind: 'storage_unreachable', message: 'http://127.0.0.1:3900 does not answer' });
    render(<StorageSettings />, root);
    await flush();
    expect(root.querySelector('[data-target="team"]')?.textContent).toContain('s3://clips/notes');
    await click('[data-target="team"] [data-action="test"]');
    expect(commands.testStorageTarget).toHaveBeenCalledWith('team');
    const note = root.querySelector('#storage-note');
    expect(note?.getAttribute('role')).toBe('alert');
    expect(note?.textContent).toBe('No answer: http://127.0.0.1:3900 does not answer');
  });
});
