import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ClipFilter, ClipView } from '../../src/app/bindings';
import { mount, settle } from '../mount';

/** A library of `total` clips, newest first, as `list_clips` answers. */
let total = 0;
const clip = (i: number): ClipView => ({
  id: `clip-${i}`,
  title: `Clip ${i}`,
  created_at: '2026-12-05T10:00:00Z',
  duration_ms: 30000,
  media_duration_ms: 30000,
  width: 1920,
  height: 1080,
  size_bytes: 1000,
  media_url: null,
  original_url: null,
  thumbnail_url: null,
  status: 'ready',
  recovered: false,
  tags: [],
  warnings: [],
} as ClipView);
const unlisten = () => Promise.resolve(() => undefined);
const commands = vi.hoisted(() => ({
  listClips: vi.fn(),
  clipTags: vi.fn(() => Promise.resolve(['design', 'zeta'])),
  transcriptStates: vi.fn(() => Promise.resolve([])),
  getSettings: vi.fn(() => Promise.resolve({ hotkey_record: 'Ctrl+Alt+V' })),
  hotkeySupport: vi.fn(() => Promise.resolve({ available: true, why: null, desktop_decides: false })),
}));
vi.mock('../../src/app/bindings', () => ({
  commands,
  events: { clipsChanged: { listen: unlisten }, transcriptChanged: { listen: unlisten } },
}));
vi.mock('@tauri-apps/api/webview', () => ({ getCurrentWebview: () => ({ onDragDropEvent: unlisten }) }));
vi.mock('@tauri-apps/plugin-dialog', () => ({ open: vi.fn() }));
commands.listClips.mockImplementation((filter: ClipFilter) =>
  Promise.resolve(Array.from({ length: Math.min(filter.limit, total) }, (_, i) => clip(i))),
);

const { LibraryPage } = await import('../../src/app/pages/LibraryPage');

afterEach(() => {
  document.body.innerHTML = '';
  vi.clearAllMocks();
});

describe('the library', () => {
  it('draws a page of cards and the next page with "Show more clips", until all are shown', async () => {
    total = 130;
    const el = await mount(<LibraryPage />);
    expect(el.querySelectorAll('.card')).toHaveLength(60);
    await act(async () => el.querySelector<HTMLButtonElement>('#more-clips')?.click());
    await settle();
    expect(el.querySelectorAll('.card')).toHaveLength(120);
    await act(async () => el.querySelector<HTMLButtonElement>('#more-clips')?.click());
    await settle();
    expect(el.querySelectorAll('.card')).toHaveLength(130);
    expect(el.querySelector('#more-clips')).toBeNull();
    expect(el.querySelector('.card:last-child .title')?.textContent).toBe('Clip 129');
  });

  it('offers every tag in the library to filter by, not only those on the cards shown', async () => {
    total = 130;
    const el = await mount(<LibraryPage />);
    const options = [...el.querySelectorAll('#tag-filter option')].map((o) => o.textContent);
    expect(options).toEqual(['All tags', 'design', 'zeta']);
  });

  it('offers no more when the first page holds them all', async () => {
    total = 60;
    const el = await mount(<LibraryPage />);
    expect(el.querySelectorAll('.card')).toHaveLength(60);
    expect(el.querySelector('#more-clips')).toBeNull();
  });

  it('starts from the first page again when the search changes', async () => {
    total = 200;
    const el = await mount(<LibraryPage />);
    await act(async () => el.querySelector<HTMLButtonElement>('#more-clips')?.click());
    await settle();
    expect(el.querySelectorAll('.card')).toHaveLength(120);
    const search = el.querySelector<HTMLInputElement>('#search')!;
    search.value = 'clip';
    await act(async () => {
      search.dispatchEvent(new Event('input'));
    });
    await settle(200);
    expect(el.querySelectorAll('.card')).toHaveLength(60);
    expect(commands.listClips).toHaveBeenLastCalledWith({ search: 'clip', tag: null, status: null, limit: 61 });
  });
});
