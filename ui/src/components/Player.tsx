// The video with the comment timeline under it. The element itself streams
// by byte ranges (the browser asks for what it needs), so seeking works
// before the file has arrived.
import type { Ref } from 'preact';
import type { Comment, Reaction } from '../api';
import { formatMs } from '../time';
import { Timeline, type Selection } from './Timeline';

export interface PlayerProps {
  src: string;
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
  const { src, durationMs, currentMs, videoRef, onTime } = props;
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
      />
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
