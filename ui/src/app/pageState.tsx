// One loading/error pattern for the pages that open one thing (a clip, a
// document, a thread) and then act on it: a busy placeholder until it has
// loaded, the refusal in words if it could not, and actions that disable the
// controls while they run and show what went wrong. Written once so every
// page looks and behaves the same when the library says no.
import { useState } from 'preact/hooks';
import { errorText } from './format';

export interface PageAction {
  /** An action is running: controls are disabled. */
  busy: boolean;
  /** The last refusal, in words (loading's or an action's). */
  error: string | null;
  /** Shows a failure, e.g. of the first load. */
  fail: (e: unknown) => void;
  /**
   * Runs `what`, then `then` with its result (a reload, or showing what came
   * back); true when both went through, false when one was refused.
   */
  run: <T>(what: () => Promise<T>, then?: (value: T) => unknown) => Promise<boolean>;
}

export function usePageAction(): PageAction {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fail = (e: unknown) => setError(errorText(e));
  const run = async <T,>(what: () => Promise<T>, then?: (value: T) => unknown) => {
    setBusy(true);
    setError(null);
    try {
      const value = await what();
      await then?.(value);
      return true;
    } catch (e) {
      fail(e);
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, fail, run };
}

/** What a page shows until its one thing has loaded: busy, or why it could not. */
export function PageLoading({ error }: { error: string | null }) {
  return <section class="page">{error ? <p class="error">{error}</p> : <p aria-busy="true" />}</section>;
}

/** An action's refusal, where the page shows it; nothing when all is well. */
export function ErrorLine({ error }: { error: string | null }) {
  return error ? <p class="error">{error}</p> : null;
}
