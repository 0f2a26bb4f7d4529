// The viewer page: loads the link (or asks for its password, or says it is
// gone), then plays the clip with its captions, transcript, comments,
// reactions and composer, kept live by watch(). The owner link's `#owner=KEY` fragment is traded for the
// owner cookie once and then removed from the address bar.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, type Feedback, type LinkInfo, type ShareApi } from '../api';
import { Discussion, useAction } from '../components/Discussion';
import { splitRemoved } from '../components/discussion';
import { DownloadIcon, GoneIcon } from '../components/Icon';
import { Player } from '../components/Player';
import { Reactions } from '../components/Reactions';
import { TranscriptPanel, useCaptions } from '../components/Transcript';
import { captionLabel } from '../components/transcriptLines';
import { useRememberedName } from '../components/storage';
import type { Selection } from '../components/Timeline';
import { formatMs } from '../time';
import { Brand } from './Brand';
import { handleKey } from './keyboard';
import { watch } from './live';
import { Unlock } from './Unlock';

type Phase =
  | { kind: 'loading' }
  | { kind: 'gone' }
  | { kind: 'locked' }
  | { kind: 'failed'; message: string }
  | { kind: 'ready'; link: LinkInfo };

function takeOwnerKey(): string | null {
  const match = /(?:^#|&)owner=([0-9a-f]{64})/.exec(window.location.hash);
  if (!match) return null;
  history.replaceState(null, '', window.location.pathname + window.location.search);
  return match[1];
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function App({ api }: { api: ShareApi }) {
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [feedback, setFeedback] = useState<Feedback>({ comments: [], reactions: [] });
  const [notice, setNotice] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      setFeedback(await api.feedback());
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) setPhase({ kind: 'gone' });
    }
  }, [api]);

  const load = useCallback(async () => {
    const key = takeOwnerKey();
    if (key) {
      await api.claimOwner(key).catch((e) => setNotice(`Owner link not accepted: ${message(e)}`));
    }
    try {
      const link = await api.link();
      setPhase({ kind: 'ready', link });
      await refresh();
    } catch (e) {
      if (e instanceof ApiError && e.code === 'password_required') setPhase({ kind: 'locked' });
      else if (e instanceof ApiError && e.status === 404) setPhase({ kind: 'gone' });
      else setPhase({ kind: 'failed', message: message(e) });
    }
  }, [api, refresh]);

  useEffect(() => {
    void load();
  }, [load]);

  const ready = phase.kind === 'ready';
  useEffect(() => (ready ? watch(api.eventsUrl, () => void refresh()) : undefined), [ready, api, refresh]);

  switch (phase.kind) {
    case 'loading':
      return <main class="viewer narrow" aria-busy="true" />;
    case 'gone':
      return (
        <main class="viewer narrow">
          <Brand />
          <GoneIcon class="state-icon" />
          <h1>Link not available</h1>
          <p>This link does not exist, has expired or was revoked. Ask the person who sent it for a new one.</p>
        </main>
      );
    case 'failed':
      return (
        <main class="viewer narrow">
          <Brand />
          <h1>Could not open the clip</h1>
          <p class="error">{phase.message}</p>
        </main>
      );
    case 'locked':
      return <Unlock api={api} onUnlocked={() => void load()} />;
    case 'ready':
      return <Watch api={api} link={phase.link} feedback={feedback} refresh={refresh} notice={notice} />;
  }
}

interface WatchProps {
  api: ShareApi;
  link: LinkInfo;
  feedback: Feedback;
  refresh: () => Promise<void>;
  notice: string | null;
}

function Watch({ api, link, feedback, refresh, notice }: WatchProps) {
  const video = useRef<HTMLVideoElement>(null);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const [currentMs, setCurrentMs] = useState(0);
  const [selection, setSelection] = useState<Selection | null>(null);
  const [name, setName] = useRememberedName();
  const action = useAction(refresh);
  const [mediaMs, setMediaMs] = useState(0);
  const preparing = usePreparing(video, api.videoUrl);
  const durationMs = link.duration_ms || mediaMs;
  const transcript = link.transcript;
  const captions = transcript?.captions
    ? { src: api.captionsUrl, language: transcript.language, label: captionLabel(transcript.language) }
    : undefined;
  const [captionsOn, setCaptionsOn] = useCaptions(video, captions !== undefined);
  const mayDownload = link.allow_download || link.is_owner;

  const nowMs = () => Math.round((video.current?.currentTime ?? currentMs / 1000) * 1000);
  const seek = (ms: number) => {
    const v = video.current;
    if (v) v.currentTime = ms / 1000;
    setCurrentMs(ms);
  };
  const pin = useRef<((ms: number) => void) | null>(null);
  const startComment = () => {
    video.current?.pause();
    pin.current?.(nowMs());
    bodyRef.current?.focus();
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) =>
      handleKey(e, {
        toggle: () => {
          const v = video.current;
          if (v) void (v.paused ? v.play().catch(() => undefined) : v.pause());
        },
        seekBy: (d) => {
          const v = video.current;
          if (v) seek(Math.min(Math.max(0, v.currentTime * 1000 + d), (v.duration || Infinity) * 1000));
        },
        comment: startComment,
      });
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  });

  useEffect(() => {
    const v = video.current;
    const onMeta = () => v && Number.isFinite(v.duration) && setMediaMs(Math.round(v.duration * 1000));
    v?.addEventListener('loadedmetadata', onMeta);
    return () => v?.removeEventListener('loadedmetadata', onMeta);
  }, []);

  const { shown } = splitRemoved(feedback.comments, link.is_owner);
  const shownReactions = feedback.reactions.filter((r) => !r.removed);
  return (
    <main class="viewer">
      <Brand />
      <header class="title">
        <h1>{link.title}</h1>
        <p class="meta">
          <span class="length">{formatMs(durationMs)}</span>
          {link.is_owner && <span> · {link.views} views · you own this clip</span>}
          {mayDownload && (
            <>
              {' · '}
              <a href={api.downloadUrl} download>
                <DownloadIcon />
                Download
              </a>
            </>
          )}
        </p>
        {notice && <p class="error">{notice}</p>}
        {preparing && (
          <p class="preparing" id="preparing" role="status">
            The edited cut is being prepared… it plays here as soon as it is ready.
          </p>
        )}
      </header>
      <Player
        src={api.videoUrl}
        captions={captions}
        durationMs={durationMs}
        currentMs={currentMs}
        comments={shown}
        reactions={shownReactions}
        selection={selection}
        allowDownload={mayDownload}
        videoRef={video}
        onTime={setCurrentMs}
        onSeek={seek}
        onSelect={setSelection}
      />
      <Reactions
        reactions={shownReactions}
        disabled={action.busy || (!link.is_owner && name.trim() === '')}
        onReact={(emoji) => void action.run(() => api.react(link.is_owner ? undefined : name, nowMs(), emoji))}
      />
      {transcript?.captions && (
        <TranscriptPanel
          lines={transcript.segments}
          currentMs={currentMs}
          onSeek={seek}
          captionsOn={captionsOn}
          onCaptions={setCaptionsOn}
          downloadUrl={mayDownload ? api.transcriptUrl : undefined}
        />
      )}
      {(transcript?.status === 'pending' || transcript?.status === 'running') && (
        <p class="transcript-note">The transcript is being made; reload the page later to read along.</p>
      )}
      <Discussion
        comments={feedback.comments}
        isOwner={link.is_owner}
        name={name}
        onName={setName}
        durationMs={durationMs}
        nowMs={nowMs}
        selection={selection}
        onSelection={setSelection}
        bodyRef={bodyRef}
        pinRef={pin}
        onSeek={seek}
        onPause={() => video.current?.pause()}
        action={action}
        post={(c) => api.postComment(c)}
        resolve={(c, resolved) => api.resolve(c.id, resolved)}
        remove={(c) => api.remove(c.id)}
      />
      <footer class="keys">
        <kbd>Space</kbd> play/pause · <kbd>←</kbd>/<kbd>→</kbd> 5 s · <kbd>c</kbd> comment here
      </footer>
    </main>
  );
}

/**
 * True while the link's video answers 503: the clip was edited and the cut
 * it plays is being rendered. The video is asked again after the server's
 * Retry-After (2 s by default) until it plays.
 */
export function usePreparing(video: { current: HTMLVideoElement | null }, url: string): boolean {
  const [preparing, setPreparing] = useState(false);
  useEffect(() => {
    const v = video.current;
    if (!v) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let gone = false;
    const probe = async () => {
      const answer = await fetch(url, { headers: { range: 'bytes=0-0' }, credentials: 'same-origin' }).catch(() => null);
      if (gone || answer?.status !== 503) {
        if (!gone) setPreparing(false);
        return;
      }
      setPreparing(true);
      const wait = Number(answer.headers.get('retry-after')) || 2;
      timer = setTimeout(() => {
        if (gone) return;
        v.load();
      }, wait * 1000);
    };
    const onError = () => void probe();
    const onReady = () => setPreparing(false);
    v.addEventListener('error', onError);
    v.addEventListener('loadedmetadata', onReady);
    if (v.error) void probe();
    return () => {
      gone = true;
      clearTimeout(timer);
      v.removeEventListener('error', onError);
      v.removeEventListener('loadedmetadata', onReady);
    };
  }, [url]);
  return preparing;
}
