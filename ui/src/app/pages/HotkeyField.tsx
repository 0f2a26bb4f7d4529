// A hotkey recorded, not typed: focus the field, press the combination. It
// is registered at once (`onCapture`); a combination another program holds
// is refused by the desktop, and the field goes back to the hotkey that
// still works.
import { useState } from 'preact/hooks';
import { captureHotkey } from '../hotkey';

export function HotkeyField({ id, value, onCapture }: { id: string; value: string; onCapture: (combination: string) => Promise<boolean> }) {
  const [shown, setShown] = useState<string | null>(null);
  const [hint, setHint] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

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
      setShown(c.text);
      setHint(null);
      setBusy(true);
      void onCapture(c.text).finally(() => {
        setShown(null);
        setBusy(false);
      });
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
        aria-describedby={`${id}-hint`}
        onKeyDown={onKeyDown}
        onFocus={() => setHint('Press the new combination (Esc keeps this one).')}
        onBlur={() => {
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
