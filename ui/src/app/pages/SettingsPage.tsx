// Settings: library folder, default devices, quality, hotkeys, sharing and
// start at login. Saved as a whole; the shell checks and applies them at
// once (the share server moves to the new address), except the library
// folder, which the next start opens. A refusal is one line in red, and
// nothing of that save was applied. Transcription, kept in the library
// rather than the app's settings, has its own section below.
import { open } from '@tauri-apps/plugin-dialog';
import { useEffect, useState } from 'preact/hooks';
import { commands, type AppInfo, type DevicesView, type Settings } from '../bindings';
import { errorText } from '../format';
import { useHotkeySupport } from '../useHotkeySupport';
import { HotkeyField } from './HotkeyField';
import { StorageSettings } from './StorageSettings';
import { TranscriptionSettings } from './TranscriptionSettings';
import { FolderIcon } from '../../components/Icon';
import { TitledSelect } from '../../components/TitledSelect';

export function SettingsPage() {
  const hotkeys = useHotkeySupport();
  const [s, setS] = useState<Settings | null>(null);
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [devices, setDevices] = useState<DevicesView | null>(null);
  const [note, setNote] = useState<{ error: boolean; text: string } | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    void commands.getSettings().then(setS);
    void commands.appInfo().then(setInfo);
    void commands.devices().then(setDevices);
  }, []);
  if (!s) return <section class="page" aria-busy="true" />;

  const set = (patch: Partial<Settings>) => setS({ ...s, ...patch });
  const text = (v: string) => (v.trim() ? v.trim() : null);
  const save = async (e: Event) => {
    e.preventDefault();
    setNote(null);
    setSaving(true);
    try {
      const before = await commands.getSettings();
      const saved = await commands.saveSettings(s);
      setS(saved);
      setInfo(await commands.appInfo());
      setNote({ error: false, text: savedNote(before, saved) });
    } catch (err) {
      setNote({ error: true, text: errorText(err) });
    } finally {
      setSaving(false);
    }
  };

  // A recorded hotkey is registered at once, on its own: the saved settings
  // with only that hotkey changed, so the rest of the form stays unsaved.
  const applyHotkey = async (patch: { hotkey_record: string } | { hotkey_pause: string }) => {
    setNote(null);
    try {
      const saved = await commands.saveSettings({ ...(await commands.getSettings()), ...patch });
      setS((now) => (now ? { ...now, hotkey_record: saved.hotkey_record, hotkey_pause: saved.hotkey_pause } : saved));
      setNote({ error: false, text: `${Object.values(patch)[0]} works now, with the window closed too.` });
      return true;
    } catch (err) {
      setNote({ error: true, text: errorText(err) });
      return false;
    }
  };

  return (
    <section class="page settings">
      <h1>Settings</h1>
      <form onSubmit={save} aria-busy={saving}>
        <fieldset>
          <legend>Library</legend>
          <label>
            Library folder <input id="library-folder" value={s.library_folder ?? ''} placeholder={info?.library_folder} onInput={(e) => set({ library_folder: text(e.currentTarget.value) })} />
          </label>
          <button
            type="button"
            id="choose-library-folder"
            onClick={() =>
              void open({ directory: true, title: 'Library folder', defaultPath: s.library_folder ?? info?.library_folder }).then((dir) => dir && set({ library_folder: dir }))
            }
          >
            <FolderIcon />
            Choose…
          </button>
          <p class="muted hint" id="library-folder-hint">
            A new folder is used the next time Afterword starts (never in the middle of a recording).
          </p>
        </fieldset>
        <fieldset>
          <legend>Recording</legend>
          <label>
            Default microphone{' '}
            <TitledSelect value={s.microphone ?? ''} onChange={(e) => set({ microphone: text(e.currentTarget.value) })}>
              <option value="">System default</option>
              {devices?.microphones.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </TitledSelect>
          </label>
          <label>
            <input type="checkbox" checked={s.record_microphone} onChange={(e) => set({ record_microphone: e.currentTarget.checked })} /> Record the microphone
          </label>
          <label>
            Frames per second <input type="number" min={1} max={120} value={s.fps} onInput={(e) => set({ fps: Number(e.currentTarget.value) })} />
          </label>
          <label>
            Largest width (px, 0 = native) <input type="number" min={0} step={10} value={s.max_width} onInput={(e) => set({ max_width: Number(e.currentTarget.value) })} />
          </label>
        </fieldset>
        <fieldset disabled={hotkeys?.available === false}>
          <legend>Hotkeys (work with the window closed)</legend>
          {hotkeys?.available === false && (
            <p class="warning" id="no-hotkeys">
              {hotkeys.why}. Start and stop recordings from Afterword's tray icon.
            </p>
          )}
          {hotkeys?.desktop_decides && (
            <p class="hint" id="desktop-hotkeys">
              This desktop binds global hotkeys itself (it may ask you, and its settings change them); the combinations here are what Afterword suggests when it starts.
            </p>
          )}
          <label>
            Start / stop <HotkeyField id="hotkey-record" value={s.hotkey_record ?? ''} onCapture={(k) => applyHotkey({ hotkey_record: k })} />
          </label>
          <label>
            Pause / resume <HotkeyField id="hotkey-pause" value={s.hotkey_pause ?? ''} onCapture={(k) => applyHotkey({ hotkey_pause: k })} />
          </label>
        </fieldset>
        <fieldset>
          <legend>Sharing</legend>
          <label>
            Link base URL <input id="share-base-url" value={s.share_base_url ?? ''} placeholder={info?.share_base_url} onInput={(e) => set({ share_base_url: text(e.currentTarget.value) })} />
          </label>
          <label>
            <input id="serve-lan" type="checkbox" checked={s.serve_lan} onChange={(e) => set({ serve_lan: e.currentTarget.checked })} /> Serve links on the local network (not only this computer)
          </label>
          <label>
            Port <input id="share-port" type="number" min={0} max={65535} value={s.share_port} onInput={(e) => set({ share_port: Number(e.currentTarget.value) })} />
          </label>
        </fieldset>
        <fieldset>
          <legend>System</legend>
          <label>
            <input type="checkbox" checked={s.start_at_login} onChange={(e) => set({ start_at_login: e.currentTarget.checked })} /> Start at login (in the tray)
          </label>
        </fieldset>
        <button type="submit" class="primary" id="save-settings" disabled={saving}>
          Save
        </button>
        {note && (
          <p class={note.error ? 'note error' : 'note'} id="settings-note" role={note.error ? 'alert' : 'status'}>
            {note.text}
          </p>
        )}
        {info && (
          <p class="muted" id="share-info">
            Afterword {info.version} · links: {info.share_base_url} · listening on {info.share_listen}
          </p>
        )}
      </form>
      <TranscriptionSettings />
      <StorageSettings />
    </section>
  );
}

/** What a successful save says: applied now, or, for the library folder, at the next start. */
export function savedNote(before: Settings, after: Settings): string {
  return before.library_folder === after.library_folder
    ? 'Saved and applied.'
    : 'Saved. The new library folder is used the next time Afterword starts; everything else applies now.';
}
