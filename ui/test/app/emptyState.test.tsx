import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HotkeySupportView } from '../../src/app/bindings';
import { mount } from '../mount';

const commands = vi.hoisted(() => ({
  getSettings: vi.fn(),
  hotkeySupport: vi.fn(() => Promise.resolve<HotkeySupportView>({ available: true, why: null, desktop_decides: false })),
}));
vi.mock('../../src/app/bindings', () => ({ commands }));

const { Keys, NoClipsYet } = await import('../../src/app/EmptyState');
const { Emoji } = await import('../../src/components/Emoji');

afterEach(() => {
  document.body.innerHTML = '';
  vi.clearAllMocks();
});

describe('the empty library', () => {
  it('names the record hotkey the settings hold, and links to Record', async () => {
    commands.getSettings.mockResolvedValue({ hotkey_record: 'Ctrl+Alt+V' });
    const el = await mount(<NoClipsYet />);
    expect(el.querySelector('.empty-title')?.textContent).toBe('No clips yet — press Ctrl+Alt+V');
    expect([...el.querySelectorAll('kbd')].map((k) => k.textContent)).toEqual(['Ctrl', 'Alt', 'V']);
    expect(el.querySelector('a.button')?.getAttribute('href')).toBe('#/record');
    expect(el.querySelector('svg')?.getAttribute('aria-hidden')).toBe('true');
  });

  it('names no hotkey where the desktop gives the app none', async () => {
    commands.getSettings.mockResolvedValue({ hotkey_record: 'Ctrl+Alt+V' });
    commands.hotkeySupport.mockResolvedValueOnce({ available: false, why: 'no GlobalShortcuts portal', desktop_decides: false });
    const el = await mount(<NoClipsYet />);
    expect(el.querySelector('.empty-title')?.textContent).toBe('No clips yet');
    expect(el.querySelectorAll('kbd')).toHaveLength(0);
    expect(el.textContent).toContain('Record a clip');
  });

  it('still says what to do when the settings cannot be read', async () => {
    commands.getSettings.mockRejectedValue(new Error('no settings'));
    const el = await mount(<NoClipsYet />);
    expect(el.querySelector('.empty-title')?.textContent).toBe('No clips yet');
    expect(el.textContent).toContain('Record a clip');
  });
});

describe('Keys', () => {
  it('draws a combination as keycaps joined by +', async () => {
    const el = await mount(<Keys combo="Ctrl+Shift+R" />);
    expect(el.textContent).toBe('Ctrl+Shift+R');
    expect(el.querySelectorAll('kbd')).toHaveLength(3);
  });
});

describe('Emoji', () => {
  it('shows the glyph where the browser cannot measure (no canvas): the fonts are trusted', async () => {
    const el = await mount(<Emoji emoji="🎉" />);
    expect(el.querySelector('.emoji')?.textContent).toBe('🎉');
  });
});
