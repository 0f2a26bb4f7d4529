// The recorder's live state for a page. The shell sends it as an event on
// every change and five times a second while a recording runs or is saved
// (the elapsed time and the level move); the page asks once, on mount, for
// the state it opened into. No polling: the shell is the one source.
import { useEffect, useState } from 'preact/hooks';
import { commands, events, type RecorderView } from './bindings';

export const IDLE: RecorderView = {
  phase: 'idle',
  live: false,
  countdown_secs: null,
  elapsed_ms: 0,
  level_rms: 0,
  level_peak: 0,
  silent: false,
  warnings: [],
  clip_id: null,
  reply_to: null,
};

export function useRecorder(): [RecorderView, (v: RecorderView) => void] {
  const [status, setStatus] = useState<RecorderView>(IDLE);
  useEffect(() => {
    let mounted = true;
    let heard = false;
    const unlisten = events.recorderStatus.listen((e) => {
      heard = true;
      if (mounted) setStatus(e.payload.status);
    });
    // An answer that arrives after an event is older than it: keep the event's.
    commands.recorderStatus().then((s) => mounted && !heard && setStatus(s), () => undefined);
    return () => {
      mounted = false;
      void unlisten.then((f) => f());
    };
  }, []);
  return [status, setStatus];
}
