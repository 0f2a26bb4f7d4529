// The discussion under a clip, one component for the app's Clip page and the
// share viewer: the comment count, the composer (at a moment, over a range,
// or a reply) and the comment list, with one set of rules (discussion.ts):
// range length and clamping, the question before a delete, refusals shown
// in the composer. Comments in a part an edit removed are listed apart for
// the owner ("in a removed part"), never on the timeline.
import type { Ref } from 'preact';
import { useState } from 'preact/hooks';
import type { Comment, NewComment } from '../api';
import { CommentList } from './CommentList';
import { Composer } from './Composer';
import { DELETE_QUESTION, markEnd, markStart, refusal, splitRemoved } from './discussion';
import type { Selection } from './Timeline';

/** Runs a change, then reloads; true when it went through. Its refusal is `error`. */
export interface Action {
  busy: boolean;
  error: string | null;
  run: (what: () => Promise<unknown>) => Promise<boolean>;
}

/** The Action both pages use: `refresh` reloads the feedback after a change. */
export function useAction(refresh: () => Promise<unknown>): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async (what: () => Promise<unknown>) => {
    setBusy(true);
    setError(null);
    try {
      await what();
      await refresh();
      return true;
    } catch (e) {
      setError(refusal(e));
      return false;
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

export interface DiscussionProps {
  /** Every comment sent, replies and removed parts' included. */
  comments: Comment[];
  isOwner: boolean;
  /** The commenter's name (viewers; the owner posts as themself). */
  name: string;
  onName: (name: string) => void;
  durationMs: number;
  /** Where playback is now (edited ms). */
  nowMs: () => number;
  selection: Selection | null;
  onSelection: (s: Selection | null) => void;
  bodyRef: Ref<HTMLTextAreaElement> & { current: HTMLTextAreaElement | null };
  onSeek: (ms: number) => void;
  /** Writing pauses the video. */
  onPause: () => void;
  action: Action;
  post: (c: NewComment) => Promise<unknown>;
  resolve: (c: Comment, resolved: boolean) => Promise<unknown>;
  remove: (c: Comment) => Promise<unknown>;
  /** Set to a function that pins the next comment at a moment (the viewer's `c` key). */
  pinRef?: { current: ((ms: number) => void) | null };
  /** Asks before a delete; `window.confirm` unless a test says otherwise. */
  confirm?: (question: string) => boolean;
}

export function Discussion(props: DiscussionProps) {
  const { comments, isOwner, durationMs, nowMs, selection, onSelection, bodyRef, action } = props;
  const [pinMs, setPinMs] = useState<number | null>(null);
  const [replyTo, setReplyTo] = useState<Comment | null>(null);
  const confirm = props.confirm ?? ((q: string) => window.confirm(q));
  if (props.pinRef) props.pinRef.current = setPinMs;
  const { shown, removed } = splitRemoved(comments, isOwner);
  const count = shown.filter((c) => c.parent_id == null).length;

  const submit = async (c: NewComment) => {
    const ok = await action.run(() => props.post(c));
    if (ok) {
      onSelection(null);
      setReplyTo(null);
      setPinMs(null);
    }
    return ok;
  };
  const reply = (c: Comment) => {
    setReplyTo(c);
    bodyRef.current?.focus();
  };
  const list = (items: Comment[]) => (
    <CommentList
      comments={items}
      isOwner={isOwner}
      onSeek={props.onSeek}
      onReply={reply}
      onResolve={(c, resolved) => void action.run(() => props.resolve(c, resolved))}
      onDelete={(c) => {
        if (confirm(DELETE_QUESTION)) void action.run(() => props.remove(c));
      }}
    />
  );

  return (
    <section class="discussion">
      <h2>
        Comments <span class="count">{count}</span>
      </h2>
      <Composer
        atMs={pinMs ?? nowMs()}
        selection={selection}
        replyTo={replyTo}
        isOwner={isOwner}
        name={props.name}
        busy={action.busy}
        error={action.error}
        bodyRef={bodyRef}
        onName={props.onName}
        onFocus={() => {
          props.onPause();
          if (pinMs == null && !replyTo) setPinMs(nowMs());
        }}
        onRepin={() => setPinMs(nowMs())}
        onMarkStart={() => onSelection(markStart(nowMs(), selection, durationMs))}
        onMarkEnd={() => onSelection(markEnd(nowMs(), selection, durationMs))}
        onClearSelection={() => onSelection(null)}
        onCancelReply={() => setReplyTo(null)}
        onSubmit={submit}
      />
      {list(shown)}
      {removed.length > 0 && (
        <details class="removed-comments" id="removed-comments">
          <summary>
            In a removed part <span class="count">{removed.filter((c) => c.parent_id == null).length}</span>
          </summary>
          <p class="hint">Kept with the clip, hidden from viewers; they come back where they were if the edit is undone or reset.</p>
          {list(removed)}
        </details>
      )}
    </section>
  );
}
