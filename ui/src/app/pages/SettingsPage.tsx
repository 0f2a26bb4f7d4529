// Settings: library folder, default devices, quality, hotkeys, sharing and
// start at login. Saved as a whole; the shell checks and applies them.
import { useEffect, useState } from 'preact/hooks';
import { commands, type AppInfo, type DevicesView, type Settings } from '../bindings';
import { errorText } from '../format';

export function SettingsPage() {
  const [s, setS] = useState<Settings | null>(null);
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [devices, setDevices] = useState<DevicesView | null>(null);
  const [note, setNote] = useState<string | null>(null);

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
    try {
      setS(await commands.saveSettings(s));
      setNote('Saved. The library folder, LAN serving and port apply the next time Afterword starts.');
    } catch (err) {
      setNote(errorText(err));
    }
  };

  return (
    <section class="page settings">
      <h1>Settings</h1>
      <form onSubmit={save}>
        <fieldset>
          <legend>Library</legend>
          <label>
            Library folder <input value={s.library_folder ?? ''} placeholder={info?.library_folder} onInput={(e) => set({ library_folder: text(e.currentTarget.value) })} />
          </label>
        </fieldset>
        <fieldset>
          <legend>Recording</legend>
          <label>
            Default microphone{' '}
            <select value={s.microphone ?? ''} onChange={(e) => set({ microphone: text(e.currentTarget.value) })}>
              <option value="">System default</option>
              {devices?.microphones.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
            </select>
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
        <fieldset>
          <legend>Hotkeys (work with the window closed)</legend>
          <label>
            Start / stop <input id="hotkey-record" value={s.hotkey_record} onInput={(e) => set({ hotkey_record: e.currentTarget.value })} />
          </label>
          <label>
            Pause / resume <input id="hotkey-pause" value={s.hotkey_pause} onInput={(e) => set({ hotkey_pause: e.currentTarget.value })} />
          </label>
        </fieldset>
        <fieldset>
          <legend>Sharing</legend>
          <label>
            Link base URL <input value={s.share_base_url ?? ''} placeholder={info?.share_base_url} onInput={(e) => set({ share_base_url: text(e.currentTarget.value) })} />
          </label>
          <label>
            <input type="checkbox" checked={s.serve_lan} onChange={(e) => set({ serve_lan: e.currentTarget.checked })} /> Serve links on the local network (not only this computer)
          </label>
          <label>
            Port <input type="number" min={0} max={65535} value={s.share_port} onInput={(e) => set({ share_port: Number(e.currentTarget.value) })} />
          </label>
        </fieldset>
        <fieldset>
          <legend>System</legend>
          <label>
            <input type="checkbox" checked={s.start_at_login} onChange={(e) => set({ start_at_login: e.currentTarget.checked })} /> Start at login (in the tray)
          </label>
        </fieldset>
        <button type="submit" class="primary" id="save-settings">
          Save
        </button>
        {note && <p class="note">{note}</p>}
        {info && <p class="muted">Afterword {info.version} · links: {info.share_base_url}</p>}
      </form>
    </section>
  );
}
