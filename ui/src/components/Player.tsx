// The video with the comment timeline under it. The element itself streams
// by byte ranges (the browser asks for what it needs), so seeking works
// before the file has arrived. Captions, when given, are the video's one
// text track (WebVTT), shown by default.
import type { Ref } from 'preact';
import type { Comment, Reaction } from '../api';
import { formatMs } from '../time';
import { Timeline, type Selection } from './Timeline';

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
}

export function Player(props: PlayerProps) {
  const { src, captions, durationMs, currentMs, videoRef, onTime } = props;
  return (
    <div class="player">
      <video
        ref={videoRef}
        src={src}
        controls
        playsInline
        preload="metadata"
        controlsList={props.allowDownload ? undefined : 'nodownload'}
        onTimeUpdate={(e) => onTime(Math.round((e.currentTarget as HTMLVideoElement).currentTime * 1000))}
        onSeeked={(e) => onTime(Math.round((e.currentTarget as HTMLVideoElement).currentTime * 1000))}
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
      />
      <div class="clock" aria-live="off">
        <span class="now">{formatMs(currentMs)}</span> / <span class="duration">{formatMs(durationMs)}</span>
      </div>
    </div>
  );
}
