// A clip inside a document or a thread: the shared player with its comment
// markers, and the comments one click away (listed here, seeking this
// player; replying opens the clip page, where the full composer is).
import { useEffect, useRef, useState } from 'preact/hooks';
import { CommentList } from '../../components/CommentList';
import { Player } from '../../components/Player';
import { commands, type ClipView, type FeedbackView } from '../bindings';
import { href } from '../route';

export interface EmbeddedClipProps {
  clip: ClipView;
  loadFeedback?: (clip: string) => Promise<FeedbackView>;
}

export function EmbeddedClip({ clip, loadFeedback = commands.feedback }: EmbeddedClipProps) {
  const video = useRef<HTMLVideoElement>(null);
  const [currentMs, setCurrentMs] = useState(0);
  const [feedback, setFeedback] = useState<FeedbackView>({ comments: [], reactions: [] });
  useEffect(() => {
    loadFeedback(clip.id).then(setFeedback, () => undefined);
  }, [clip.id, loadFeedback]);
  const seek = (ms: number) => {
    if (video.current) video.current.currentTime = ms / 1000;
    setCurrentMs(ms);
  };
  const open = feedback.comments.filter((c) => !c.parent_id && !c.resolved).length;
  const clipPage = href({ page: 'clip', id: clip.id });
  return (
    <figure class="embedded-clip" data-clip={clip.id}>
      <Player
        src={clip.media_url ?? ''}
        durationMs={clip.duration_ms}
        currentMs={currentMs}
        comments={feedback.comments}
        reactions={feedback.reactions}
        selection={null}
        allowDownload
        videoRef={video}
        onTime={setCurrentMs}
        onSeek={seek}
      />
      <figcaption>
        <a href={clipPage} class="clip-title">
          {clip.title}
        </a>
        <details class="embedded-comments">
          <summary>
            Comments <span class="count">{feedback.comments.length}</span>
            {open > 0 && <span class="badge open-count"> {open} open</span>}
          </summary>
          <CommentList
            comments={feedback.comments}
            isOwner={false}
            onSeek={seek}
            onReply={() => {
              window.location.hash = clipPage;
            }}
          />
          <a href={clipPage}>Comment on the clip page</a>
        </details>
      </figcaption>
    </figure>
  );
}

/** Where a clip is embedded but no longer exists. */
export function MissingClip({ title }: { title: string }) {
  return <p class="missing-clip">{title ? `“${title}” — ` : ''}this clip is no longer in the library.</p>;
}
