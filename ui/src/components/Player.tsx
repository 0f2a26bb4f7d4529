// The video with the comment timeline under it. The element itself streams
// by byte ranges (the browser asks for what it needs), so seeking works
// before the file has arrived. Captions, when given, are the video's one
// text track (WebVTT), shown by default. Given an edited timeline over the
// original file (an edit not rendered yet), it plays only what is kept and
// reports edited time (editedTime.ts).
import type { Ref, RefObject } from 'preact';
import { useEffect } from 'preact/hooks';
import type { Comment, Reaction } from '../api';
import { formatMs } from '../time';
import { EditedTimeline, editedVideo } from './editedTime';
import { Timeline, type Selection, type TrimProps } from './Timeline';

/** A captions track: its WebVTT, language (ISO 639-1, when known) and the name a menu shows. */
export interface Captions {
  src: string;
  language: string | null;
  label: string;
}

export interface PlayerProps {
  src: string;
  captions?: Captions;
  durationMs: number;
  currentMs: number;
  comments: Comment[];
  reactions: Reaction[];
  selection: Selection | null;
  allowDownload: boolean;
  videoRef: Ref<HTMLVideoElement>;
  onTime: (ms: number) => void;
  onSeek: (ms: number) => void;
  onSelect?: (selection: Selection | null) => void;
  /** What of `src` plays, when it is the original of an edit not rendered yet. */
  timeline?: EditedTimeline;
  /** Trim handles on the timeline (the owner's Clip page). */
  trim?: TrimProps;
}

const DIRECT = new EditedTimeline(null);

export function Player(props: PlayerProps) {
  const { src, captions, durationMs, currentMs, videoRef, onTime } = props;
  const timeline = props.timeline ?? DIRECT;
  const tick = (v: HTMLVideoElement) => onTime(editedVideo(v, timeline).tick());
  // timeupdate comes four times a second: too late to jump a removed part
  // cleanly, so a preview checks every frame while it plays.
  useEffect(() => {
    const v = (videoRef as RefObject<HTMLVideoElement>).current;
    if (!v || timeline.direct) return;
    let frame = 0;
    const loop = () => {
      if (!v.paused) tick(v);
      frame = requestAnimationFrame(loop);
    };
    frame = requestAnimationFrame(loop);
    return () => cancelAnimationFrame(frame);
  }, [timeline, src]);
  return (
    <div class="player">
      <video
        ref={videoRef}
        src={src}
        controls
        playsInline
        preload="metadata"
        controlsList={props.allowDownload ? undefined : 'nodownload'}
        onTimeUpdate={(e) => tick(e.currentTarget as HTMLVideoElement)}
        onSeeked={(e) => tick(e.currentTarget as HTMLVideoElement)}
      >
        {captions && (
          <track kind="captions" src={captions.src} srclang={captions.language ?? undefined} label={captions.label} default />
        )}
      </video>
      <Timeline
        durationMs={durationMs}
        currentMs={currentMs}
        comments={props.comments}
        reactions={props.reactions}
        selection={props.selection}
        onSeek={props.onSeek}
        onSelect={props.onSelect}
        trim={props.trim}
      />
      <div class="clock" aria-live="off">
        <span class="now">{formatMs(currentMs)}</span> / <span class="duration">{formatMs(durationMs)}</span>
      </div>
    </div>
  );
}
