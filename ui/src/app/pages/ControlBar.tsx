// The small always-on-top window while recording: elapsed time, level,
// Pause/Resume, Stop, Discard, and the camera bubble's corner and size. It closes itself when the recording ends
// (the shell closes the window). A control that fails says why here, in the
// window the person just used, rather than failing silently.
import { getCurrentWindow } from '@tauri-apps/api/window';
import { useEffect, useState } from 'preact/hooks';
import { AddIcon, CornerIcon, DeleteIcon, MinusIcon, PauseIcon, PlayIcon, StopSquare } from '../../components/Icon';
import { formatMs } from '../../time';
import { commands, type BubbleView } from '../bindings';
import { errorText, meterFraction } from '../format';
import { useRecorder } from '../useRecorder';

export function ControlBar() {
  const [s] = useRecorder();
  const [error, setError] = useState<string | null>(null);
  // A camera bubble: moved to the next corner and resized from here too
  // (on Wayland, where it has no window of its own, only from here).
  const [bubble, setBubble] = useState<BubbleView | null>(null);
  useEffect(() => {
    void commands.recordingBubble().then(setBubble);
  }, []);
  const act = (what: () => Promise<unknown>) => {
    setError(null);
    what().catch((e) => setError(errorText(e)));
  };
  return (
    <div class="control-bar" onMouseDown={(e) => e.target === e.currentTarget && void getCurrentWindow().startDragging()}>
      <span class={`dot phase-${s.phase}`} aria-hidden="true" />
      <span class="elapsed">{s.phase === 'countdown' ? `${s.countdown_secs ?? 0}…` : formatMs(s.elapsed_ms)}</span>
      <span class="mini-meter" title={s.silent ? 'No sound from the microphone' : 'Microphone level'}>
        <span style={{ width: `${meterFraction(s.level_rms ?? 0) * 100}%` }} class={s.silent ? 'silent' : ''} />
      </span>
      {s.phase === 'paused' ? (
        <button type="button" class="icon-only" title="Resume" aria-label="Resume" onClick={() => act(() => commands.recordResume())}>
          <PlayIcon />
        </button>
      ) : (
        <button type="button" class="icon-only" title="Pause" aria-label="Pause" disabled={s.phase !== 'recording'} onClick={() => act(() => commands.recordPause())}>
          <PauseIcon />
        </button>
      )}
      <button type="button" class="primary" disabled={s.phase === 'countdown'} onClick={() => act(() => commands.recordStop())}>
        <StopSquare />
        Stop
      </button>
      {bubble && (
        <>
          <button type="button" class="icon-only" id="bubble-corner" title="Camera bubble to the next corner" aria-label="Camera bubble to the next corner" onClick={() => act(() => commands.bubbleNextCorner())}>
            <CornerIcon />
          </button>
          <button type="button" class="icon-only" title="Smaller camera bubble" aria-label="Smaller camera bubble" onClick={() => act(() => commands.bubbleResize(-40))}>
            <MinusIcon />
          </button>
          <button type="button" class="icon-only" title="Larger camera bubble" aria-label="Larger camera bubble" onClick={() => act(() => commands.bubbleResize(40))}>
            <AddIcon />
          </button>
        </>
      )}
      <button type="button" class="danger icon-only" title="Discard" aria-label="Discard" onClick={() => act(() => commands.recordDiscard())}>
        <DeleteIcon />
      </button>
      {error && (
        <span class="control-error" role="alert" title={error}>
          {error}
        </span>
      )}
    </div>
  );
}
