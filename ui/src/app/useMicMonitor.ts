// The chosen microphone's level while the Record page is idle, so a muted or
// wrong input shows before Start. The shell opens the device
// (mic_monitor_start), the page polls its level five times a second, and the
// device is closed when the page is left or a recording begins (the shell
// also releases it itself when any control starts one).
import { useEffect, useState } from 'preact/hooks';
import { commands, type MicLevelView } from './bindings';
import { errorText } from './format';

// Starts and stops go out in order, so a stop from the last render can never
// land after the start of the next one and close the new monitor.
let queue: Promise<unknown> = Promise.resolve();
const inOrder = <T>(f: () => Promise<T>): Promise<T> => {
  const next = queue.then(f, f);
  queue = next.catch(() => undefined);
  return next;
};

/** Every this many polls, ask the shell to follow a changed choice (Settings, tray). */
const ENSURE_EVERY = 5;

export function useMicMonitor(enabled: boolean, choice: string): { level: MicLevelView | null; error: string | null } {
  const [level, setLevel] = useState<MicLevelView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!enabled) return;
    let live = true;
    let failed = false;
    const ensure = () =>
      inOrder(() => commands.micMonitorStart()).then(
        (v) => live && (setLevel(v), setError(null)),
        (e) => {
          failed = true; // no retry until the choice changes: opening it again would fail again
          if (live) (setLevel(null), setError(errorText(e)));
        },
      );
    const poll = () => commands.micMonitorLevel().then((v) => live && setLevel(v), () => undefined);
    void ensure();
    let n = 0;
    const timer = setInterval(() => {
      n += 1;
      void (n % ENSURE_EVERY === 0 && !failed ? ensure() : poll());
    }, 200);
    return () => {
      live = false;
      clearInterval(timer);
      setLevel(null);
      void inOrder(() => commands.micMonitorStop()).catch(() => undefined);
    };
  }, [enabled, choice]);
  return { level, error };
}
