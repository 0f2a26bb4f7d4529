import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppInfo, ModelView, Settings } from '../../src/app/bindings';

const commands = vi.hoisted(() => ({
  getSettings: vi.fn(),
  saveSettings: vi.fn(),
  appInfo: vi.fn(),
  devices: vi.fn(),
  transcriptionSettings: vi.fn(),
  setTranscriptionSettings: vi.fn(),
  listModels: vi.fn(),
  addModel: vi.fn(),
  removeModel: vi.fn(),
  setDefaultModel: vi.fn(),
  storageTargets: vi.fn(),
  hotkeySupport: vi.fn(),
}));
vi.mock('../../src/app/bindings', () => ({ commands }));

const { SettingsPage, savedNote } = await import('../../src/app/pages/SettingsPage');

const settings: Settings = {
  library_folder: null,
  microphone: null,
  record_microphone: true,
  system_audio: false,
  fps: 30,
  max_width: 1920,
  countdown_secs: 3,
  hotkey_record: 'Ctrl+Shift+R',
  hotkey_pause: 'Ctrl+Shift+P',
  share_base_url: null,
  serve_lan: false,
  share_port: 7878,
  start_at_login: false,
};
const info = (base: string): AppInfo => ({ version: '0.1.0', share_base_url: base, share_listen: '127.0.0.1:7878', library_folder: '/home/a/lib' });

const tiny: ModelView = { name: 'tiny.en', kind: 'tiny.en', multilingual: false, bytes: 77_700_000, default: true, path: '/lib/models/tiny.en.bin' };
const base: ModelView = { name: 'base', kind: 'base', multilingual: true, bytes: 147_900_000, default: false, path: '/lib/models/base.bin' };

let root: HTMLElement;
const flush = async () => {
  for (let i = 0; i < 5; i += 1) await act(() => new Promise((r) => setTimeout(r, 10)));
};

beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
  commands.getSettings.mockResolvedValue(settings);
  commands.storageTargets.mockResolvedValue([]);
  commands.devices.mockResolvedValue({ microphones: [], screens: [] });
  commands.appInfo.mockResolvedValue(info('http://127.0.0.1:7878'));
  commands.transcriptionSettings.mockResolvedValue({ automatic: true, model: 'tiny.en', language: null });
  commands.listModels.mockResolvedValue([tiny]);
  commands.hotkeySupport.mockResolvedValue({ available: true, why: null, desktop_decides: false });
});
afterEach(() => {
  render(null, root);
  root.remove();
  vi.clearAllMocks();
});

async function saveWithLan() {
  render(<SettingsPage />, root);
  await flush();
  const lan = root.querySelector<HTMLInputElement>('#serve-lan');
  if (!lan) throw new Error(root.innerHTML);
  lan.checked = true;
  await act(() => void lan.dispatchEvent(new Event('change', { bubbles: true })));
  await act(() => void root.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true })));
  await flush();
}

describe('Settings page', () => {
  it('says where the hotkeys would be that this desktop gives none, and turns their fields off', async () => {
    commands.hotkeySupport.mockResolvedValue({ available: false, why: 'this Wayland desktop offers no GlobalShortcuts portal', desktop_decides: false });
    render(<SettingsPage />, root);
    await flush();
    expect(root.querySelector('#no-hotkeys')?.textContent).toMatch(/offers no GlobalShortcuts portal\. Start and stop recordings from Afterword's tray icon/);
    expect(root.querySelector('#hotkey-record')?.closest('fieldset')?.disabled).toBe(true);
  });

  it('says the desktop binds the hotkeys where the GlobalShortcuts portal gives them', async () => {
    commands.hotkeySupport.mockResolvedValue({ available: true, why: null, desktop_decides: true });
    render(<SettingsPage />, root);
    await flush();
    expect(root.querySelector('#desktop-hotkeys')?.textContent).toMatch(/binds global hotkeys itself/);
    expect(root.querySelector('#no-hotkeys')).toBeNull();
  });

  it('shows no such note where the hotkeys work', async () => {
    render(<SettingsPage />, root);
    await flush();
    expect(root.querySelector('#no-hotkeys')).toBeNull();
    expect(root.querySelector('#hotkey-record')?.closest('fieldset')?.disabled).toBe(false);
  });

  it('says plainly that the library folder applies at the next start', async () => {
    render(<SettingsPage />, root);
    await flush();
    expect(root.querySelector('#library-folder-hint')?.textContent).toMatch(/next time Afterword starts/);
  });

  it('applies LAN serving at once and shows where links now point', async () => {
    commands.saveSettings.mockImplementation((s: Settings) => Promise.resolve(s));
    commands.appInfo.mockResolvedValueOnce(info('http://127.0.0.1:7878')).mockResolvedValueOnce(info('http://192.168.1.5:7878'));
    await saveWithLan();
    expect(commands.saveSettings).toHaveBeenCalledWith(expect.objectContaining({ serve_lan: true }));
    expect(root.querySelector('#settings-note')?.textContent).toBe('Saved and applied.');
    expect(root.querySelector('#share-info')?.textContent).toContain('http://192.168.1.5:7878');
  });

  it('shows a refusal as one line, marked as an error', async () => {
    commands.saveSettings.mockRejectedValue({ kind: 'share', message: 'the share server cannot listen on 127.0.0.1:9: taken. Pick another port in Settings' });
    await saveWithLan();
    const note = root.querySelector('#settings-note')!;
    expect(note.getAttribute('role')).toBe('alert');
    expect(note.classList.contains('error')).toBe(true);
    expect(note.textContent).toMatch(/^the share server cannot listen on .*Pick another port in Settings$/);
  });

  it('a changed library folder is saved for the next start', () => {
    expect(savedNote(settings, { ...settings, library_folder: '/data/lib' })).toMatch(/next time Afterword starts/);
    expect(savedNote(settings, { ...settings, serve_lan: true })).toBe('Saved and applied.');
  });
});

describe('Transcription settings', () => {
  const input = async (css: string, value: string) => {
    const el = root.querySelector<HTMLInputElement>(css)!;
    el.value = value;
    await act(() => void el.dispatchEvent(new Event('input', { bubbles: true })));
  };

  it('lists the models, says where to download one, and adds one from a path', async () => {
    commands.addModel.mockResolvedValue(base);
    render(<SettingsPage />, root);
    await flush();
    expect(root.querySelector('[data-model="tiny.en"]')?.textContent).toContain('English only');
    expect(root.querySelector('[data-model="tiny.en"] .badge')?.textContent).toBe('default');
    expect(root.querySelector('#models-source code')?.textContent).toBe('https://huggingface.co/ggerganov/whisper.cpp/tree/main');
    expect(root.querySelector('#models-source a')).toBeNull();

    commands.listModels.mockResolvedValue([base, tiny]);
    await input('#model-path', ' ~/Downloads/ggml-base.bin ');
    await act(() => void root.querySelector('#add-model-form')!.dispatchEvent(new Event('submit', { cancelable: true })));
    await flush();
    expect(commands.addModel).toHaveBeenCalledWith('~/Downloads/ggml-base.bin', null);
    expect(root.querySelector('#transcription-note')?.textContent).toBe('Added the model “base” (base).');
    expect(root.querySelectorAll('#models li').length).toBe(2);
  });

  it('saves automatic and the language with the default model as the list has it, and shows a refusal', async () => {
    commands.setTranscriptionSettings.mockImplementation((s) => Promise.resolve(s));
    render(<SettingsPage />, root);
    await flush();
    await act(() => void root.querySelector<HTMLInputElement>('#transcribe-automatic')!.click());
    await input('#transcription-language', 'de');
    await act(() => void root.querySelectorAll('form')[1].dispatchEvent(new Event('submit', { cancelable: true })));
    await flush();
    expect(commands.setTranscriptionSettings).toHaveBeenLastCalledWith({ automatic: false, model: 'tiny.en', language: 'de' });

    commands.setTranscriptionSettings.mockRejectedValue({ kind: 'invalid', message: 'the language "xyz" is not usable; give a two-letter code such as en or de, or auto' });
    await input('#transcription-language', 'xyz');
    await act(() => void root.querySelectorAll('form')[1].dispatchEvent(new Event('submit', { cancelable: true })));
    await flush();
    const note = root.querySelector('#transcription-note')!;
    expect(note.getAttribute('role')).toBe('alert');
    expect(note.textContent).toMatch(/two-letter code/);
  });
});
