// What a page shows when it has nothing yet: an icon, what is missing in a
// line, and the one next step (a button, a link or a key to press). The
// library's own says which hotkey records, as Settings has it.
import { Fragment, type ComponentChildren, type ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { KeyboardIcon, LibraryIcon, RecordDot } from '../components/Icon';
import { commands } from './bindings';
import { useHotkeySupport } from './useHotkeySupport';
import { href } from './route';

export interface EmptyStateProps {
  icon: ComponentType;
  title: string;
  children?: ComponentChildren;
  /** The next step: a button or a link. */
  action?: ComponentChildren;
  id?: string;
}

export function EmptyState({ icon: Icon, title, children, action, id }: EmptyStateProps) {
  return (
    <div class="empty empty-state" id={id} role="status">
      <Icon />
      <p class="empty-title">{title}</p>
      {children && <p>{children}</p>}
      {action && <div class="empty-action">{action}</div>}
    </div>
  );
}

/** The keys of a hotkey ("Ctrl+Shift+R") as keycaps. */
export function Keys({ combo }: { combo: string }) {
  const keys = combo.split('+').filter(Boolean);
  return (
    <span class="keys-combo">
      {keys.map((k, i) => (
        <Fragment key={i}>
          {i > 0 && '+'}
          <kbd>{k}</kbd>
        </Fragment>
      ))}
    </span>
  );
}

/** The hotkey that starts a recording, as saved in Settings; `null` where
 * this desktop gives the app no hotkeys (or until both are known). */
export function useRecordHotkey(): string | null {
  const [hotkey, setHotkey] = useState<string | null>(null);
  const support = useHotkeySupport();
  useEffect(() => {
    commands.getSettings().then((s) => setHotkey(s.hotkey_record ?? null), () => undefined);
  }, []);
  return support?.available ? hotkey : null;
}

/** The Library with no clips: record one, here or with the hotkey from anywhere. */
export function NoClipsYet() {
  const hotkey = useRecordHotkey();
  return (
    <EmptyState
      id="no-clips"
      icon={LibraryIcon}
      title={hotkey ? `No clips yet — press ${hotkey}` : 'No clips yet'}
      action={
        <a class="button record" href={href({ page: 'record' })}>
          <RecordDot />
          Record a clip
        </a>
      }
    >
      {hotkey ? (
        <>
          <KeyboardIcon /> <Keys combo={hotkey} /> starts and stops a recording from anywhere, even with this window closed.
        </>
      ) : (
        'Record your screen and voice; the clip and its link land here.'
      )}
    </EmptyState>
  );
}
