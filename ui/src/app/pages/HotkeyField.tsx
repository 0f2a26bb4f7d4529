// A hotkey recorded, not typed: focus the field, press the combination. It
// is registered at once (`onCapture`); a combination another program holds
// is refused by the desktop, and the field goes back to the hotkey that
// still works. The app's own hotkeys never reach the page (the desktop hands
// them to the app): while the field waits, the shell sends them here as
// `hotkeyCaptured` instead of starting or pausing a recording.
import { useEffect, useState } from 'preact/hooks';
import { commands, events } from '../bindings';
import { captureHotkey } from '../hotkey';

export function HotkeyField({ id, value, onCapture }: { id: string; value: string; onCapture: (combination: string) => Promise<boolean> }) {
  const [shown, setShown] = useState<string | null>(null);
  const [hint, setHint] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [waiting, setWaiting] = useState(false);
  // The shell forwards our own hotkeys only once it knows the field waits.
  const [armed, setArmed] = useState(false);

  const record = (text: string) => {
    setShown(text);
    setHint(null);
    setBusy(true);
    void onCapture(text).finally(() => {
      setShown(null);
      setBusy(false);
    });
  };

  useEffect(() => {
    if (!waiting) return undefined;
    let live = true;
    const un = events.hotkeyCaptured.listen((e) => record(e.payload.combination));
    Promise.all([un, commands.hotkeyCapture(true)]).then(
      () => live && setArmed(true),
      () => undefined,
    );
    return () => {
      live = false;
      setArmed(false);
      void commands.hotkeyCapture(false).catch(() => undefined);
      void un.then((f) => f());
    };
  }, [waiting]);

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Tab' && !e.ctrlKey && !e.altKey && !e.metaKey) return; // moving on, not a hotkey
    e.preventDefault();
    e.stopPropagation();
    if (busy) return;
    const c = captureHotkey(e);
    if (c.kind === 'cancel') {
      setShown(null);
      setHint(null);
      (e.currentTarget as HTMLElement).blur();
    } else if (c.kind === 'pending') {
      setShown(c.text);
    } else if (c.kind === 'refused') {
      setShown(null);
      setHint(c.text);
    } else {
      record(c.text);
    }
  };

  return (
    <span class="hotkey-field">
      <input
        id={id}
        class="hotkey"
        readOnly
        value={shown ?? value}
        aria-busy={busy}
        data-armed={armed}
        aria-describedby={`${id}-hint`}
        onKeyDown={onKeyDown}
        onFocus={() => {
          setWaiting(true);
          setHint('Press the new combination (Esc keeps this one).');
        }}
        onBlur={() => {
          setWaiting(false);
          setShown(null);
          setHint(null);
        }}
      />
      <span class="muted hint" id={`${id}-hint`} role="status">
        {hint ?? ''}
      </span>
    </span>
  );
}
