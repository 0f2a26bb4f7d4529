// The app's pages follow transcripts as the transcriber makes them: a hook
// for one clip's transcript (the Clip page), one for the states of many (the
// library's cards), both kept current by the `transcriptChanged` event, and
// an object URL for the captions' WebVTT.
import { useEffect, useState } from 'preact/hooks';
import { commands, events, type ClipTranscriptView, type TranscriptProgressView } from './bindings';
import { follow, inProgress } from './transcript';

/**
 * The clip's transcript: `undefined` while loading, `null` when none was
 * asked for. Progress updates it in place; a finished one is read again.
 */
export function useClipTranscript(id: string): [ClipTranscriptView | null | undefined, (t: ClipTranscriptView) => void] {
  const [transcript, setTranscript] = useState<ClipTranscriptView | null | undefined>(undefined);
  useEffect(() => {
    let live = true;
    const load = () => commands.getTranscript(id).then((t) => live && setTranscript(t), () => undefined);
    void load();
    const un = events.transcriptChanged.listen(({ payload: { transcript: next } }) => {
      if (next.clip_id !== id) return;
      if (inProgress(next.status)) setTranscript((t) => follow(t ?? null, next));
      else void load();
    });
    return () => {
      live = false;
      void un.then((f) => f());
    };
  }, [id]);
  return [transcript, setTranscript];
}

/** Where the transcripts of `ids` stand, by clip id, following the transcriber. */
export function useTranscriptStates(ids: string[]): Record<string, TranscriptProgressView> {
  const [states, setStates] = useState<Record<string, TranscriptProgressView>>({});
  const key = ids.join(',');
  useEffect(() => {
    let live = true;
    if (ids.length === 0) return;
    commands.transcriptStates(ids).then(
      (found) => live && setStates(Object.fromEntries(found.map((t) => [t.clip_id, t]))),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [key]);
  useEffect(() => {
    const un = events.transcriptChanged.listen(({ payload: { transcript } }) =>
      setStates((s) => ({ ...s, [transcript.clip_id]: transcript })),
    );
    return () => void un.then((f) => f());
  }, []);
  return states;
}

/**
 * `text` as an object URL of `type` (revoked when it changes or the page
 * goes): the captions track plays the WebVTT the app hands over, since
 * WebKitGTK's player reads no custom scheme and a cross-origin track would
 * need CORS on the media server.
 */
export function useObjectUrl(text: string | null | undefined, type: string): string | undefined {
  const [url, setUrl] = useState<string | undefined>(undefined);
  useEffect(() => {
    if (text == null) {
      setUrl(undefined);
      return;
    }
    const made = URL.createObjectURL(new Blob([text], { type }));
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [text, type]);
  return url;
}
