// Keyboard shortcuts while watching: space plays or pauses, ←/→ jump 5 s,
// `c` starts a comment at the current moment. Keys typed into a field are
// left alone, and so are combinations with Ctrl, Alt or Meta.

export interface KeyActions {
  toggle: () => void;
  seekBy: (ms: number) => void;
  comment: () => void;
}

export const SEEK_STEP_MS = 5000;

function isTyping(target: EventTarget | null): boolean {
  if (!target || !(target as Element).closest) return false;
  const el = target as HTMLElement;
  return !!el.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"]');
}

/** Runs the action for `e`; true when the key was one of ours (and is consumed). */
export function handleKey(e: KeyboardEvent, actions: KeyActions): boolean {
  if (e.ctrlKey || e.altKey || e.metaKey || isTyping(e.target)) return false;
  // A focused button handles space itself (it clicks); don't also play.
  if (e.key === ' ' && (e.target as HTMLElement | null)?.closest?.('button, a')) return false;
  switch (e.key) {
    case ' ':
    case 'k':
      actions.toggle();
      break;
    case 'ArrowLeft':
      actions.seekBy(-SEEK_STEP_MS);
      break;
    case 'ArrowRight':
      actions.seekBy(SEEK_STEP_MS);
      break;
    case 'c':
    case 'C':
      actions.comment();
      break;
    default:
      return false;
  }
  e.preventDefault();
  return true;
}
