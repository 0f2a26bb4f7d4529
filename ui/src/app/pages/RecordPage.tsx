// Record: what to capture (screen, monitor, window or a dragged area), the
// microphone with its live level, system audio, the countdown, and the
// controls with the elapsed time.
import { useEffect, useState } from 'preact/hooks';
import { AreaIcon, DeleteIcon, DoneIcon, PauseIcon, PlayIcon, RecordDot, StopSquare } from '../../components/Icon';
import { TitledSelect } from '../../components/TitledSelect';
import { formatMs } from '../../time';
import { commands, events, type CameraSettings, type DevicesView, type Settings, type Target } from '../bindings';
import { CameraPreview } from '../CameraPreview';
import { Keys } from '../EmptyState';
import { errorText } from '../format';
import { LevelMeter } from '../LevelMeter';
import { useMicMonitor } from '../useMicMonitor';
import { useHotkeySupport } from '../useHotkeySupport';
import { useRecorder } from '../useRecorder';

type Kind = Target['kind'];

export function RecordPage() {
  const [status, setStatus] = useRecorder();
  const hotkeys = useHotkeySupport();
  const [devices, setDevices] = useState<DevicesView | null>(null);
  const [settings, setSettings] = useState<Settings | null>(null);
  const [kind, setKind] = useState<Kind>('screen');
  const [monitor, setMonitor] = useState(0);
  const [windowId, setWindowId] = useState(0);
  const [area, setArea] = useState<Target | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [lastLink, setLastLink] = useState<string | null>(null);

  useEffect(() => {
    void commands.devices().then(setDevices);
    void commands.getSettings().then(setSettings);
    const picked = events.areaPicked.listen((e) => {
      if (e.payload.area) {
        setArea(e.payload.area);
        setKind('area');
      }
    });
    const saved = events.clipsChanged.listen((e) => e.payload.link && setLastLink(e.payload.link));
    return () => {
      void picked.then((f) => f());
      void saved.then((f) => f());
    };
  }, []);

  const change = async (patch: Partial<Settings>) => {
    if (!settings) return;
    try {
      setSettings(await commands.saveSettings({ ...settings, ...patch }));
    } catch (e) {
      setError(errorText(e));
    }
  };

  // The select shows the first window until one is picked: that is the one
  // recorded (not window 0, which is none).
  const windows = devices?.windows ?? [];
  const pickedWindow = windows.some((w) => w.id === windowId) ? windowId : (windows[0]?.id ?? 0);
  const noWindows = devices !== null && windows.length === 0;

  const target = (): Target => {
    switch (kind) {
      case 'monitor':
        return { kind, index: monitor };
      case 'window':
        return { kind, id: pickedWindow };
      case 'area':
        return area ?? { kind: 'screen' };
      default:
        return { kind: 'screen' };
    }
  };

  const act = async (what: () => Promise<unknown>) => {
    setError(null);
    try {
      const s = await what();
      if (s && typeof s === 'object' && 'phase' in s) setStatus(s as typeof status);
    } catch (e) {
      setError(errorText(e));
    }
  };

  const live = status.live;
  const micOff = settings !== null && !settings.record_microphone;
  // Before Start the page meters the chosen microphone itself; once a
  // recording runs, the recorder's level is the one that counts.
  const mic = useMicMonitor(!live && settings !== null && !micOff, settings?.microphone ?? '');
  const micName = mic.level?.microphone ?? settings?.microphone ?? devices?.default_microphone ?? null;
  const meter = live
    ? { rms: status.level_rms ?? 0, peak: status.level_peak ?? 0, silent: status.silent }
    : { rms: mic.level?.level_rms ?? 0, peak: mic.level?.level_peak ?? 0, silent: mic.level?.silent ?? false };
  return (
    <section class="page record">
      <h1>Record</h1>
      <div class={`record-hero${live ? ' live' : ''}`}>
        <div class="clock-face">
          <span class={`phase phase-${status.phase}`} id="phase">
            {status.phase === 'countdown' ? `Starting in ${status.countdown_secs ?? 0}…` : status.phase}
          </span>
          <span class="elapsed" id="elapsed">
            {formatMs(status.elapsed_ms)}
          </span>
        </div>
        <div class="controls">
          {!live && (
            <button type="button" class="primary record big" id="start" disabled={status.phase === 'finalizing'} onClick={() => void act(() => commands.recordStart(target(), null))}>
              <RecordDot />
              Start recording
            </button>
          )}
          {status.phase === 'recording' && (
            <button type="button" id="pause" onClick={() => void act(() => commands.recordPause())}>
              <PauseIcon />
              Pause
            </button>
          )}
          {status.phase === 'paused' && (
            <button type="button" id="resume" onClick={() => void act(() => commands.recordResume())}>
              <PlayIcon />
              Resume
            </button>
          )}
          {(status.phase === 'recording' || status.phase === 'paused') && (
            <button type="button" class="primary big" id="stop" onClick={() => void act(() => commands.recordStop())}>
              <StopSquare />
              Stop
            </button>
          )}
          {live && (
            <button type="button" class="danger" id="discard" onClick={() => void act(() => commands.recordDiscard())}>
              <DeleteIcon />
              Discard
            </button>
          )}
        </div>
        {hotkeys?.available === false && (
          <p class="hint" id="record-hotkey">
            No hotkeys on this desktop: {live ? 'stop' : 'start and stop'} from here or from Afterword's tray icon.
          </p>
        )}
        {hotkeys?.available && settings?.hotkey_record && (
          <p class="hint" id="record-hotkey">
            {live ? 'Stop with ' : 'Or press '}
            <Keys combo={settings.hotkey_record} />
            {live ? ' from anywhere.' : ' anywhere, even with this window closed.'}
          </p>
        )}
      </div>
      {status.warnings.map((w) => (
        <p key={w} class="warning">
          {w}
        </p>
      ))}
      {error && <p class="error">{error}</p>}
      {lastLink && (
        <p class="done" id="last-link">
          <DoneIcon />
          Saved. Link copied: <code>{lastLink}</code>
        </p>
      )}
      <div class="record-settings">
        <fieldset disabled={live}>
          <legend>What to record</legend>
          <label>
            <input type="radio" name="kind" checked={kind === 'screen'} onChange={() => setKind('screen')} /> Whole screen
          </label>
          <label>
            <input type="radio" name="kind" checked={kind === 'monitor'} onChange={() => setKind('monitor')} /> Display{' '}
            <TitledSelect id="monitor" value={monitor} onChange={(e) => setMonitor(Number(e.currentTarget.value))}>
              {devices?.monitors.map((m) => (
                <option key={m.index} value={m.index}>
                  {m.name} ({m.width}×{m.height}){m.primary ? ' — primary' : ''}
                </option>
              ))}
            </TitledSelect>
          </label>
          <label>
            <input id="kind-window" type="radio" name="kind" checked={kind === 'window'} disabled={noWindows} onChange={() => setKind('window')} /> Window{' '}
            <TitledSelect id="window" value={pickedWindow} disabled={noWindows} onChange={(e) => setWindowId(Number(e.currentTarget.value))}>
              {noWindows && <option value={0}>No windows to pick</option>}
              {windows.map((w) => (
                <option key={w.id} value={w.id}>
                  {w.title || `0x${w.id.toString(16)}`}
                </option>
              ))}
            </TitledSelect>
          </label>
          <label>
            <input type="radio" name="kind" checked={kind === 'area'} onChange={() => setKind('area')} /> Area{' '}
            <button type="button" class="secondary" onClick={() => void act(() => commands.pickArea())}>
              <AreaIcon />
              Pick area…
            </button>
            {area?.kind === 'area' && (
              <span class="muted">
                {' '}
                {area.width}×{area.height} at {area.x},{area.y}
              </span>
            )}
          </label>
          <Problems problems={devices?.screen_problems} />
        </fieldset>

        <fieldset disabled={live || !settings}>
          <legend>Sound</legend>
          <label>
            Microphone{' '}
            <TitledSelect
              id="microphone"
              value={settings?.record_microphone ? (settings.microphone ?? '') : '-'}
              onChange={(e) => {
                const v = e.currentTarget.value;
                void change(v === '-' ? { record_microphone: false } : { record_microphone: true, microphone: v || null });
              }}
            >
              <option value="">System default{devices?.default_microphone ? ` (${devices.default_microphone})` : ''}</option>
              {devices?.microphones.map((m) => (
                <option key={m} value={m}>
                  {m}
                </option>
              ))}
              <option value="-">No microphone</option>
            </TitledSelect>
          </label>
          <label>
            <input id="system-audio" type="checkbox" checked={settings?.system_audio ?? false} onChange={(e) => void change({ system_audio: e.currentTarget.checked })} /> Also
            record system audio
          </label>
          <label>
            Countdown{' '}
            <select value={settings?.countdown_secs ?? 3} onChange={(e) => void change({ countdown_secs: Number(e.currentTarget.value) })}>
              {[0, 3, 5, 10].map((s) => (
                <option key={s} value={s}>
                  {s === 0 ? 'None' : `${s} s`}
                </option>
              ))}
            </select>
          </label>

          <LevelMeter {...meter} microphone={micName} off={micOff} />
          {!live && mic.error && <p class="warning">{mic.error}</p>}
          <Problems problems={devices?.microphone_problems} />
        </fieldset>

        {settings && <CameraFields settings={settings.camera ?? {}} devices={devices} live={live} change={(camera) => void change({ camera })} />}
      </div>
    </section>
  );
}

/** Why a card's devices could not be listed, in the card they are missing from. */
function Problems({ problems }: { problems: string[] | undefined }) {
  return (
    <>
      {problems?.map((p) => (
        <p key={p} class="warning device-problem">
          {p}
        </p>
      ))}
    </>
  );
}

const CORNERS: [CameraSettings['corner'], string][] = [
  ['bottom_right', 'Bottom right'],
  ['bottom_left', 'Bottom left'],
  ['top_right', 'Top right'],
  ['top_left', 'Top left'],
];

/** The camera: none, a bubble over the screen (where, how big, what shape), or alone; with its live picture. */
function CameraFields({ settings: saved, devices, live, change }: { settings: CameraSettings; devices: DevicesView | null; live: boolean; change: (c: CameraSettings) => void }) {
  const [url, setUrl] = useState<string | null>(null);
  // The settings file may predate the camera: what it leaves out is the default.
  const settings = { alone: false, corner: 'bottom_right' as const, size: 240, circle: true, mirror: true, ...saved };
  const set = (patch: Partial<CameraSettings>) => change({ ...settings, ...patch });
  const chosen = settings.name ?? '';
  useEffect(() => {
    // While recording, the bubble's window shows the camera (and the recording has it open).
    if (!chosen || live) return setUrl(null);
    void commands.cameraPreviewUrl(chosen).then(setUrl);
  }, [chosen, live]);
  const cameras = devices?.cameras ?? [];
  return (
    <fieldset disabled={live} class="camera-settings">
      <legend>Camera</legend>
      <div class="camera-row">
        <div class="camera-choices">
          <label>
            Camera{' '}
            <TitledSelect id="camera" value={chosen} onChange={(e) => set({ name: e.currentTarget.value || null })}>
              <option value="">No camera</option>
              {cameras.map((c) => (
                <option key={c.name} value={c.name} disabled={!c.recordable}>
                  {c.description}
                  {c.recordable ? '' : ' (cannot be recorded by this build)'}
                </option>
              ))}
              {chosen && !cameras.some((c) => c.name === chosen) && <option value={chosen}>{chosen} (not found)</option>}
            </TitledSelect>
          </label>
          <Problems problems={devices?.camera_problems} />
          {chosen && (
            <>
              <label>
                <input type="radio" name="camera-use" id="camera-bubble" checked={!settings.alone} onChange={() => set({ alone: false })} /> A bubble over the screen
              </label>
              <label>
                <input type="radio" name="camera-use" id="camera-alone" checked={settings.alone} onChange={() => set({ alone: true })} /> The camera alone
              </label>
              {!settings.alone && (
                <>
                  <label>
                    Starts at{' '}
                    <select id="bubble-corner" value={settings.corner} onChange={(e) => set({ corner: e.currentTarget.value as CameraSettings['corner'] })}>
                      {CORNERS.map(([value, label]) => (
                        <option key={value} value={value}>
                          {label}
                        </option>
                      ))}
                    </select>
                  </label>
                  <label>
                    Size{' '}
                    <select id="bubble-size" value={settings.size} onChange={(e) => set({ size: Number(e.currentTarget.value) })}>
                      {[160, 240, 320, 400].map((s) => (
                        <option key={s} value={s}>
                          {s} px
                        </option>
                      ))}
                    </select>
                  </label>
                  <label>
                    <input type="checkbox" id="bubble-circle" checked={settings.circle} onChange={(e) => set({ circle: e.currentTarget.checked })} /> Round (else a rounded square)
                  </label>
                </>
              )}
              <label>
                <input type="checkbox" id="camera-mirror" checked={settings.mirror} onChange={(e) => set({ mirror: e.currentTarget.checked })} /> Mirror
              </label>
              {!settings.alone && <p class="hint">While recording, drag the bubble to move it.</p>}
            </>
          )}
        </div>
        {url && <CameraPreview id="camera-preview" url={url} mirror={settings.mirror} circle={settings.alone ? false : settings.circle} />}
      </div>
    </fieldset>
  );
}
