// The small always-on-top window while recording: elapsed time, level,
// Pause/Resume, Stop, Discard. It closes itself when the recording ends
// (the shell closes the window).
import { getCurrentWindow } from '@tauri-apps/api/window';
import { formatMs } from '../../time';
import { commands } from '../bindings';
import { meterFraction } from '../format';
import { useRecorder } from '../useRecorder';

export function ControlBar() {
  const [s] = useRecorder();
  return (
    <div class="control-bar" onMouseDown={(e) => e.target === e.currentTarget && void getCurrentWindow().startDragging()}>
      <span class={`dot phase-${s.phase}`} aria-hidden="true" />
      <span class="elapsed">{s.phase === 'countdown' ? `${s.countdown_secs ?? 0}…` : formatMs(s.elapsed_ms)}</span>
      <span class="mini-meter" title={s.silent ? 'No sound from the microphone' : 'Microphone level'}>
        <span style={{ width: `${meterFraction(s.level_rms ?? 0) * 100}%` }} class={s.silent ? 'silent' : ''} />
      </span>
      {s.phase === 'paused' ? (
        <button type="button" onClick={() => void commands.recordResume()}>Resume</button>
      ) : (
        <button type="button" disabled={s.phase !== 'recording'} onClick={() => void commands.recordPause()}>Pause</button>
      )}
      <button type="button" class="primary" disabled={s.phase === 'countdown'} onClick={() => void commands.recordStop()}>Stop</button>
      <button type="button" class="danger" title="Discard" onClick={() => void commands.recordDiscard()}>✕</button>
    </div>
  );
}
