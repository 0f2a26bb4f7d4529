// A hotkey field records the pressed combination instead of taking typed
// text: a keydown becomes "Ctrl+Alt+K" as the shell's shortcut parser reads
// it. Keys come from `code` (where the key is), so a layout that types
// another letter there still names the key the desktop grabs.

export type Captured =
  /** Only modifiers so far: show them and wait for the key. */
  | { kind: 'pending'; text: string }
  /** A whole combination. */
  | { kind: 'done'; text: string }
  /** Escape: stop recording, keep what was there. */
  | { kind: 'cancel' }
  /** Not a shortcut (a letter without Ctrl, Alt or Super): say so. */
  | { kind: 'refused'; text: string };

type KeyLike = Pick<KeyboardEvent, 'code' | 'key' | 'ctrlKey' | 'altKey' | 'shiftKey' | 'metaKey'>;

const MODIFIER_KEYS = new Set(['Control', 'Shift', 'Alt', 'Meta', 'Super', 'OS', 'AltGraph']);

/** The key's name as the parser takes it, or null for one it doesn't. */
export function keyName(code: string): string | null {
  let m = /^Key([A-Z])$/.exec(code);
  if (m) return m[1];
  m = /^(?:Digit|Numpad)([0-9])$/.exec(code);
  if (m) return m[1];
  if (/^F([1-9]|1[0-9]|2[0-4])$/.test(code)) return code;
  const arrows: Record<string, string> = { ArrowUp: 'Up', ArrowDown: 'Down', ArrowLeft: 'Left', ArrowRight: 'Right' };
  if (arrows[code]) return arrows[code];
  const named = ['Space', 'Enter', 'Tab', 'Backspace', 'Delete', 'Insert', 'Home', 'End', 'PageUp', 'PageDown', 'Minus', 'Equal', 'Comma', 'Period', 'Slash', 'Semicolon', 'Quote', 'BracketLeft', 'BracketRight', 'Backslash', 'Backquote', 'PrintScreen', 'Pause'];
  return named.includes(code) ? code : null;
}

export function captureHotkey(e: KeyLike): Captured {
  const mods = [e.ctrlKey && 'Ctrl', e.altKey && 'Alt', e.shiftKey && 'Shift', e.metaKey && 'Super'].filter(Boolean) as string[];
  if (e.key === 'Escape' && mods.length === 0) return { kind: 'cancel' };
  if (MODIFIER_KEYS.has(e.key)) return { kind: 'pending', text: mods.length ? `${mods.join('+')}+…` : '…' };
  const key = keyName(e.code);
  if (!key) return { kind: 'refused', text: `${e.key || e.code} can't be a hotkey; press another key with Ctrl, Alt or Super.` };
  const isF = /^F\d+$/.test(key);
  if (!isF && !mods.some((m) => m !== 'Shift')) {
    return { kind: 'refused', text: `${[...mods, key].join('+')} would be taken from typing; hold Ctrl, Alt or Super too.` };
  }
  return { kind: 'done', text: [...mods, key].join('+') };
}
