// Whether this desktop gives the app global hotkeys (a Wayland desktop
// without the GlobalShortcuts portal gives none): the pages say so where the
// hotkeys would be, and point at the tray icon.
import { useEffect, useState } from 'preact/hooks';
import { commands, type HotkeySupportView } from './bindings';

/** `null` until the app has answered (it may ask the session bus). */
export function useHotkeySupport(): HotkeySupportView | null {
  const [support, setSupport] = useState<HotkeySupportView | null>(null);
  useEffect(() => {
    void commands.hotkeySupport().then(setSupport);
  }, []);
  return support;
}
