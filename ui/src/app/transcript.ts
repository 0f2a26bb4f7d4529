// What the app says about a clip's transcript: the card's badge, the Clip
// page's status line, and a spoken-word search hit. Plain functions, so they
// are tested without a page.
import { formatMs } from '../time';
import type { ClipTranscriptView, SearchHitView, TranscriptProgressView, TranscriptState } from './bindings';

/** Still being made: queued, or being transcribed now. */
export function inProgress(status: TranscriptState): boolean {
  return status === 'pending' || status === 'running';
}

/** The card's word on its transcript; nothing when there is none, or it is done. */
export function transcriptBadge(t: TranscriptProgressView | null | undefined): string | null {
  switch (t?.status) {
    case 'pending':
      return 'Waiting to transcribe';
    case 'running':
      return `Transcribing ${t.progress}%`;
    case 'no_speech':
      return 'No speech';
    case 'failed':
      return 'Transcript failed';
    default:
      return null;
  }
}

/** The Clip page's line about its transcript when there are no lines to show (else null). */
export function transcriptNote(t: ClipTranscriptView | null): string | null {
  if (!t) return 'No transcript yet.';
  switch (t.status) {
    case 'pending':
      return 'Waiting to be transcribed…';
    case 'running':
      return `Transcribing… ${t.progress}%`;
    case 'no_speech':
      return 'No speech was heard in this clip.';
    case 'failed':
      return t.error ? `The transcript failed: ${t.error}` : 'The transcript failed.';
    case 'done':
      return t.segments.length ? null : 'No speech was heard in this clip.';
  }
}

/** A transcript's state moved to `next` (an event): the view to show until the next load. */
export function follow(t: ClipTranscriptView | null, next: TranscriptProgressView): ClipTranscriptView {
  // Lines show only for a done transcript (one rule with the viewer page):
  // a clip transcribed again hides its old lines until the new ones come.
  const base = t ?? { clip_id: next.clip_id, language: null, model: null, error: null, segments: [], vtt: null };
  const lines = next.status === 'done' ? { segments: base.segments, vtt: base.vtt } : { segments: [], vtt: null };
  return { ...base, ...lines, status: next.status, progress: next.progress, error: next.status === 'failed' ? base.error : null };
}

/** A spoken-word search hit, as a person reads it: "said at 1:23 in Weekly demo". */
export function saidAt(hit: SearchHitView): string {
  return `said at ${formatMs(hit.at_ms ?? 0)} in ${hit.title || '(untitled)'}`;
}
