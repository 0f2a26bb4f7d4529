import { describe, expect, it } from 'vitest';
import { captureHotkey, keyName } from '../../src/app/hotkey';

const key = (code: string, k: string, mods: Partial<Record<'ctrlKey' | 'altKey' | 'shiftKey' | 'metaKey', boolean>> = {}) => ({
  code,
  key: k,
  ctrlKey: false,
  altKey: false,
  shiftKey: false,
  metaKey: false,
  ...mods,
});

describe('recording a hotkey', () => {
  it('names the pressed combination as the shell parses it', () => {
    expect(captureHotkey(key('KeyK', 'k', { ctrlKey: true, altKey: true }))).toEqual({ kind: 'done', text: 'Ctrl+Alt+K' });
    expect(captureHotkey(key('Digit5', '%', { ctrlKey: true, shiftKey: true }))).toEqual({ kind: 'done', text: 'Ctrl+Shift+5' });
    expect(captureHotkey(key('F9', 'F9'))).toEqual({ kind: 'done', text: 'F9' });
    expect(captureHotkey(key('ArrowUp', 'ArrowUp', { metaKey: true }))).toEqual({ kind: 'done', text: 'Super+Up' });
  });

  it('waits while only modifiers are held, and Escape cancels', () => {
    expect(captureHotkey(key('ControlLeft', 'Control', { ctrlKey: true }))).toEqual({ kind: 'pending', text: 'Ctrl+…' });
    expect(captureHotkey(key('Escape', 'Escape'))).toEqual({ kind: 'cancel' });
  });

  it('refuses a key that typing needs', () => {
    expect(captureHotkey(key('KeyR', 'R', { shiftKey: true })).kind).toBe('refused');
    expect(captureHotkey(key('KeyR', 'r')).kind).toBe('refused');
    expect(keyName('IntlBackslash')).toBeNull();
  });
});
