import { describe, expect, it } from 'vitest';
import type { ClipTranscriptView, SearchHitView } from '../../src/app/bindings';
import { follow, inProgress, saidAt, transcriptBadge, transcriptNote } from '../../src/app/transcript';

const clip = '0190a1b2-0000-7000-8000-000000000001';
const done: ClipTranscriptView = {
  clip_id: clip,
  status: 'done',
  progress: 100,
  language: 'en',
  model: 'tiny.en',
  error: null,
  segments: [{ start_ms: 1_000, end_ms: 3_000, text: 'Hello team.' }],
  vtt: 'WEBVTT\n',
};

describe('what a card says about its transcript', () => {
  it('names the states a person waits on or must act on, and says nothing when done', () => {
    expect(transcriptBadge({ clip_id: clip, status: 'running', progress: 40 })).toBe('Transcribing 40%');
    expect(transcriptBadge({ clip_id: clip, status: 'pending', progress: 0 })).toBe('Waiting to transcribe');
    expect(transcriptBadge({ clip_id: clip, status: 'no_speech', progress: 100 })).toBe('No speech');
    expect(transcriptBadge({ clip_id: clip, status: 'failed', progress: 3 })).toBe('Transcript failed');
    expect(transcriptBadge({ clip_id: clip, status: 'done', progress: 100 })).toBeNull();
    expect(transcriptBadge(undefined)).toBeNull();
    expect(inProgress('pending') && inProgress('running') && !inProgress('failed')).toBe(true);
  });
});

describe('the Clip page’s transcript note', () => {
  it('says where the transcript stands when there are no lines, and why one failed', () => {
    expect(transcriptNote(null)).toBe('No transcript yet.');
    expect(transcriptNote({ ...done, status: 'running', progress: 7, segments: [] })).toBe('Transcribing… 7%');
    expect(transcriptNote({ ...done, status: 'failed', error: 'the clip has no audio track', segments: [] })).toBe(
      'The transcript failed: the clip has no audio track',
    );
    expect(transcriptNote({ ...done, status: 'no_speech', segments: [] })).toBe('No speech was heard in this clip.');
    expect(transcriptNote(done)).toBeNull();
  });

  it('follows the transcriber: progress in place, and old lines hidden while a clip is transcribed again', () => {
    const again = follow(done, { clip_id: clip, status: 'running', progress: 25 });
    expect([again.status, again.progress, again.segments.length, again.vtt]).toEqual(['running', 25, 0, null]);
    expect(again.language).toBe('en');
    const fresh = follow(null, { clip_id: clip, status: 'pending', progress: 0 });
    expect([fresh.clip_id, fresh.status, fresh.segments.length]).toEqual([clip, 'pending', 0]);
  });
});

describe('a spoken-word search hit', () => {
  it('reads as where it was said', () => {
    const hit: SearchHitView = {
      kind: 'transcript',
      id: clip,
      title: 'Weekly demo',
      snippet: 'check the [pricing] page',
      clip_id: clip,
      at_ms: 83_400,
      thread_id: null,
      created_at: '2026-11-25T09:41:00Z',
    };
    expect(saidAt(hit)).toBe('said at 1:23 in Weekly demo');
    expect(saidAt({ ...hit, title: '', at_ms: 3_723_000 })).toBe('said at 1:02:03 in (untitled)');
  });
});
