// Clip: the shared player with comment markers and ranges and captions,
// reactions, the transcript, the composer and the comment list (the same
// components as the share viewer), and the owner's tools in a side panel
// (ClipTools). Opened at a moment (a spoken-word hit), it starts there.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { Comment, NewComment } from '../../api';
import { CommentList } from '../../components/CommentList';
import { Composer } from '../../components/Composer';
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
import { ClipTools } from './ClipTools';
import { ClipTranscript } from './ClipTranscript';

export function ClipPage({ id, at }: { id: string; at?: number }) {
  const [clip, setClip] = useState<ClipView | null>(null);
  const [feedback, setFeedback] = useState<FeedbackView>({ comments: [], reactions: [] });
  const video = useRef<HTMLVideoElement>(null);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const [currentMs, setCurrentMs] = useState(0);
  const [pinMs, setPinMs] = useState<number | null>(null);
  const [selection, setSelection] = useState<Selection | null>(null);
  const [replyTo, setReplyTo] = useState<Comment | null>(null);
  const { busy, error, fail, run: act } = usePageAction();
  const [transcript, setTranscript] = useClipTranscript(id);
  const vtt = useObjectUrl(transcript?.vtt, 'text/vtt');
  const captions = vtt ? { src: vtt, language: transcript?.language ?? null, label: captionLabel(transcript?.language ?? null) } : undefined;
  const [captionsOn, setCaptionsOn] = useCaptions(video, captions !== undefined);

  const refresh = useCallback(async () => setFeedback(await commands.feedback(id)), [id]);
  useEffect(() => {
    commands.getClip(id).then(setClip, fail);
    void refresh().catch(() => undefined);
  }, [id, refresh]);
  // A finished transcript may have named the clip (its title was automatic).
  useEffect(() => {
    const un = events.clipsChanged.listen(({ payload }) => {
      if (payload.clip_id === id) commands.getClip(id).then(setClip, () => undefined);
    });
    return () => void un.then((f) => f());
  }, [id]);

  const seek = (ms: number) => {
    if (video.current) video.current.currentTime = ms / 1000;
    setCurrentMs(ms);
    setPinMs(null);
  };
  // Opened at a moment: go there once the video knows its length.
  const loaded = clip !== null;
  useEffect(() => {
    const v = video.current;
    if (at == null || !v) return;
    if (v.readyState >= 1) return seek(at);
    const go = () => seek(at);
    v.addEventListener('loadedmetadata', go, { once: true });
    return () => v.removeEventListener('loadedmetadata', go);
  }, [at, loaded]);

  if (!clip) return <PageLoading error={error} />;

  const run = (what: () => Promise<unknown>) => act(what, refresh);
  const submit = async (c: NewComment) => {
    const ok = await run(() => commands.addComment(id, c.body, c.at_ms ?? null, c.end_ms ?? null, c.parent_id ?? null));
    if (ok) {
      setSelection(null);
      setReplyTo(null);
      setPinMs(null);
    }
    return ok;
  };
  const atMs = pinMs ?? currentMs;

  return (
    <section class="page clip">
      <div class="main-col">
        <header>
          <h1 id="clip-title">{clip.title}</h1>
          <p class="meta">
            {formatMs(clip.duration_ms)} · {formatDate(clip.created_at)}
            {clip.recovered && <span class="badge recovered"> Recovered after a crash</span>}
          </p>
          {clip.warnings.map((w) => (
            <p key={w} class="warning">
              {w}
            </p>
          ))}
        </header>
        <Player
          src={clip.media_url ?? ''}
          captions={captions}
          durationMs={clip.duration_ms}
          currentMs={currentMs}
          comments={feedback.comments}
          reactions={feedback.reactions}
          selection={selection}
          allowDownload
          videoRef={video}
          onTime={setCurrentMs}
          onSeek={seek}
          onSelect={setSelection}
        />
        <Reactions reactions={feedback.reactions} disabled={busy} onReact={(emoji) => void run(() => commands.addReaction(id, atMs, emoji))} />
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
        <Composer
          atMs={atMs}
          selection={selection}
          replyTo={replyTo}
          isOwner
          name=""
          busy={busy}
          error={error}
          bodyRef={bodyRef}
          onName={() => undefined}
          onFocus={() => {
            video.current?.pause();
            if (pinMs == null) setPinMs(currentMs);
          }}
          onRepin={() => setPinMs(currentMs)}
          onMarkStart={() => setSelection({ start: currentMs, end: Math.max(currentMs + 1, selection?.end ?? clip.duration_ms) })}
          onMarkEnd={() => setSelection({ start: Math.min(selection?.start ?? 0, currentMs - 1), end: currentMs })}
          onClearSelection={() => setSelection(null)}
          onCancelReply={() => setReplyTo(null)}
          onSubmit={submit}
        />
        <h2>
          Comments <span class="count">{feedback.comments.length}</span>
        </h2>
        <CommentList
          comments={feedback.comments}
          isOwner
          onSeek={seek}
          onReply={(c) => {
            setReplyTo(c);
            bodyRef.current?.focus();
          }}
          onResolve={(c, resolved) => void run(() => commands.resolveComment(c.id, resolved))}
          onDelete={(c) => void run(() => commands.deleteComment(c.id))}
        />
      </div>
      <ClipTools clip={clip} onChanged={setClip} />
    </section>
  );
}
