// The discussion's rules, one set for the app's Clip page and the share
// viewer: how long a range comment is at least and how it is kept inside
// the clip, what is asked before a delete, and how a refusal reads.
import type { Comment } from '../api';
import type { Selection } from './Timeline';

/** A range marked with "Range start"/"Range end" is at least this long. */
export const MIN_RANGE_MS = 1000;

/** The question asked before a comment (and its replies) is deleted. */
export const DELETE_QUESTION = 'Delete this comment and its replies?';

/** A range within the clip that runs forwards, as long as the clip allows. */
export function rangeWithin(start: number, end: number, durationMs: number): Selection {
  const max = durationMs > 0 ? durationMs : Number.MAX_SAFE_INTEGER;
  const s = Math.min(Math.max(0, Math.round(start)), Math.max(0, max - 1));
  return { start: s, end: Math.min(Math.max(Math.round(end), s + 1), max) };
}

/** "Range start" at `nowMs`: the end stays where it was, or comes at least MIN_RANGE_MS later. */
export function markStart(nowMs: number, current: Selection | null, durationMs: number): Selection {
  return rangeWithin(nowMs, Math.max(nowMs + MIN_RANGE_MS, current?.end ?? 0), durationMs);
}

/** "Range end" at `nowMs`: the start stays where it was, or comes at least MIN_RANGE_MS earlier. */
export function markEnd(nowMs: number, current: Selection | null, durationMs: number): Selection {
  const start = Math.min(current?.start ?? 0, nowMs - MIN_RANGE_MS);
  return rangeWithin(Math.max(0, start), Math.max(nowMs, Math.max(0, start) + MIN_RANGE_MS), durationMs);
}

/** A refusal in words, whatever was thrown (an Error, the app's `{ message }`, a string). */
export function refusal(e: unknown): string {
  if (e instanceof Error) return e.message;
  if (e && typeof e === 'object' && 'message' in e && typeof (e as { message: unknown }).message === 'string') {
    return (e as { message: string }).message;
  }
  return String(e);
}

/** Comments as a person sees them: on the timeline and in the list, and those in a part an edit removed (the owner's only). */
export function splitRemoved(comments: Comment[], isOwner: boolean): { shown: Comment[]; removed: Comment[] } {
  const removedIds = new Set(comments.filter((c) => c.removed && c.parent_id == null).map((c) => c.id));
  const inRemoved = (c: Comment) => c.removed || (c.parent_id != null && removedIds.has(c.parent_id));
  return {
    shown: comments.filter((c) => !inRemoved(c)),
    removed: isOwner ? comments.filter(inRemoved) : [],
  };
}
