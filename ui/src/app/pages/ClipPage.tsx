// Clip: the shared player with comment markers and ranges and captions,
// reactions, the transcript and the discussion (the same components as the
// share viewer), the edit bar (trim handles on the timeline, cut, undo,
// reset, the render's state) and the owner's tools in a side panel
// (ClipTools). Everything here is in edited time: until an edit's render is
// ready the original plays and skips what was removed (editedTime.ts).
// Opened at a moment (a spoken-word hit), it starts there.
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { Discussion } from '../../components/Discussion';
import { splitRemoved } from '../../components/discussion';
import { EditedTimeline, editedVideo } from '../../components/editedTime';
import { Player } from '../../components/Player';
import { useCaptions } from '../../components/Transcript';
import { captionLabel } from '../../components/transcriptLines';
import { Reactions } from '../../components/Reactions';
import type { Selection } from '../../components/Timeline';
import { formatMs } from '../../time';
import { commands, events, type ClipView, type FeedbackView } from '../bindings';
import { formatDate } from '../format';
import { PageLoading, usePageAction } from '../pageState';
import { useClipTranscript, useObjectUrl } from '../useTranscripts';
import { ClipEdit, useClipEdit } from './ClipEdit';
import { ClipTools } from './ClipTools';
import { ClipTranscript } from './ClipTranscript';

export function ClipPage({ id, at }: { id: string; at?: number }) {
  const [clip, setClip] = useState<ClipView | null>(null);
  const [feedback, setFeedback] = useState<FeedbackView>({ comments: [], reactions: [] });
  const video = useRef<HTMLVideoElement>(null);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const [currentMs, setCurrentMs] = useState(0);
  const [selection, setSelection] = useState<Selection | null>(null);
  const page = usePageAction();
  const { busy, error, fail } = page;
  const editing = useClipEdit(id, page);
  const edit = editing.edit;
  const [transcript, setTranscript] = useClipTranscript(id);
  const vtt = useObjectUrl(transcript?.vtt, 'text/vtt');
  const captions = vtt ? { src: vtt, language: transcript?.language ?? null, label: captionLabel(transcript?.language ?? null) } : undefined;
  const [captionsOn, setCaptionsOn] = useCaptions(video, captions !== undefined);

  const refresh = useCallback(async () => setFeedback(await commands.feedback(id)), [id]);
  useEffect(() => {
    commands.getClip(id).then(setClip, fail);
    void refresh().catch(() => undefined);
  }, [id, refresh]);
  // A finished transcript may have named the clip; an edit changes its
  // length, where its feedback sits, and (once rendered) the file it plays.
  useEffect(() => {
    const un = events.clipsChanged.listen(({ payload }) => {
      if (payload.clip_id !== id) return;
      commands.getClip(id).then(setClip, () => undefined);
      void refresh().catch(() => undefined);
    });
    return () => void un.then((f) => f());
  }, [id, refresh]);

  // The render plays the edit as it is; until it is ready, the original
  // plays what the edit keeps.
  const rendered = edit?.render.phase === 'ready' && clip?.media_url != null;
  const src = (rendered ? clip?.media_url : clip?.original_url) ?? '';
  const kept = rendered || !edit ? null : edit.kept;
  const timeline = useMemo(() => new EditedTimeline(kept), [JSON.stringify(kept)]);
  const player = editedVideo(video.current, timeline);
  const durationMs = edit?.duration_ms ?? clip?.duration_ms ?? 0;

  const seek = (ms: number) => {
    editedVideo(video.current, timeline).seek(ms);
    setCurrentMs(ms);
  };
  // Opened at a moment, or the file changed under the same moment (the
  // render became ready): go there once the video knows its length.
  const goTo = useRef<number | null>(at ?? null);
  useEffect(() => {
    const v = video.current;
    if (!v || !src) return;
    const go = () => {
      const ms = goTo.current ?? currentMs;
      goTo.current = null;
      if (ms > 0) seek(ms);
    };
    if (v.readyState >= 1 && goTo.current != null) return go();
    v.addEventListener('loadedmetadata', go, { once: true });
    return () => v.removeEventListener('loadedmetadata', go);
  }, [src, clip !== null]);

  if (!clip) return <PageLoading error={error} />;

  const { shown } = splitRemoved(feedback.comments, true);
  const reactions = feedback.reactions.filter((r) => !r.removed);
  const afterEdit = (ok: boolean) => ok && setSelection(null);

  return (
    <section class="page clip">
      <div class="main-col">
        <header>
          <h1 id="clip-title">{clip.title}</h1>
          <p class="meta">
            <span id="clip-duration">{formatMs(durationMs)}</span> · {formatDate(clip.created_at)}
            {clip.recovered && <span class="badge recovered"> Recovered after a crash</span>}
          </p>
          {clip.warnings.map((w) => (
            <p key={w} class="warning">
              {w}
            </p>
          ))}
        </header>
        <Player
          src={src}
          captions={captions}
          durationMs={durationMs}
          currentMs={currentMs}
          comments={shown}
          reactions={reactions}
          selection={selection}
          allowDownload
          videoRef={video}
          timeline={timeline}
          onTime={setCurrentMs}
          onSeek={seek}
          onSelect={setSelection}
          trim={edit ? { onTrim: (s, e) => void editing.trim(s, e).then(afterEdit), disabled: busy } : undefined}
        />
        {edit && (
          <ClipEdit
            edit={edit}
            selection={selection}
            busy={busy}
            canUndo={editing.canUndo}
            onCut={(s) => void editing.cut(s).then(afterEdit)}
            onUndo={() => void editing.undo().then(afterEdit)}
            onReset={() => void editing.reset().then(afterEdit)}
          />
        )}
        <Reactions reactions={reactions} disabled={busy} onReact={(emoji) => void page.run(() => commands.addReaction(id, player.nowMs(), emoji), refresh)} />
        {transcript !== undefined && (
          <ClipTranscript
            clipId={id}
            transcript={transcript}
            onTranscript={setTranscript}
            currentMs={currentMs}
            onSeek={seek}
            captionsOn={captionsOn}
            onCaptions={setCaptionsOn}
          />
        )}
        <Discussion
          comments={feedback.comments}
          isOwner
          name=""
          onName={() => undefined}
          durationMs={durationMs}
          nowMs={() => (video.current ? editedVideo(video.current, timeline).nowMs() : currentMs)}
          selection={selection}
          onSelection={setSelection}
          bodyRef={bodyRef}
          onSeek={seek}
          onPause={() => video.current?.pause()}
          action={{ busy, error, run: (what) => page.run(what, refresh) }}
          post={(c) => commands.addComment(id, c.body, c.at_ms ?? null, c.end_ms ?? null, c.parent_id ?? null)}
          resolve={(c, resolved) => commands.resolveComment(c.id, resolved)}
          remove={(c) => commands.deleteComment(c.id)}
        />
      </div>
      <ClipTools clip={clip} onChanged={setClip} />
    </section>
  );
}
