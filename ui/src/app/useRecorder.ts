// The recorder's live state for a page: polled five times a second (the
// elapsed time and level change continuously) and refreshed at once when the
// shell reports a change.
import { useEffect, useState } from 'preact/hooks';
import { commands, events, type RecorderView } from './bindings';

export const IDLE: RecorderView = {
  phase: 'idle',
  countdown_secs: null,
  elapsed_ms: 0,
  level_rms: 0,
  level_peak: 0,
  silent: false,
  warnings: [],
  clip_id: null,
};

export function useRecorder(): [RecorderView, (v: RecorderView) => void] {
  const [status, setStatus] = useState<RecorderView>(IDLE);
  useEffect(() => {
    let live = true;
    const poll = () => commands.recorderStatus().then((s) => live && setStatus(s), () => undefined);
    poll();
    const timer = setInterval(poll, 200);
    const unlisten = events.recorderChanged.listen(() => poll());
    return () => {
      live = false;
      clearInterval(timer);
      void unlisten.then((f) => f());
    };
  }, []);
  return [status, setStatus];
}

export const isLive = (s: RecorderView) => s.phase === 'countdown' || s.phase === 'recording' || s.phase === 'paused';
