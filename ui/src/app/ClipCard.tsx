// One clip in the library grid: thumbnail, title, length, date, tags, a
// mark on clips recovered after a crash, and where its transcript stands
// while it is made or when it could not be ("Transcribing 40%").
import { NoPreviewIcon, PlayIcon } from '../components/Icon';
import { formatMs } from '../time';
import type { ClipView, TranscriptProgressView } from './bindings';
import { formatDate } from './format';
import { href } from './route';
import { transcriptBadge } from './transcript';

export function ClipCard({ clip, transcript }: { clip: ClipView; transcript?: TranscriptProgressView }) {
  const said = transcriptBadge(transcript);
  return (
    <a class={`card status-${clip.status}`} href={href({ page: 'clip', id: clip.id })} data-clip={clip.id}>
      <div class="thumb">
        {clip.thumbnail_url ? (
          <img src={clip.thumbnail_url} alt="" loading="lazy" />
        ) : (
          <div class="no-thumb">
            <NoPreviewIcon />
            No preview
          </div>
        )}
        <span class="play" aria-hidden="true">
          <PlayIcon />
        </span>
        <span class="duration">{formatMs(clip.duration_ms)}</span>
        {clip.recovered && <span class="badge recovered">Recovered</span>}
        {clip.status === 'failed' && <span class="badge failed">Failed</span>}
      </div>
      <div class="info">
        <strong class="title">{clip.title}</strong>
        <span class="date">{formatDate(clip.created_at)}</span>
        {said && (
          <span class={`transcript-state ${transcript?.status ?? ''}`} data-transcript={transcript?.status}>
            {said}
          </span>
        )}
        {clip.tags.length > 0 && (
          <span class="tags">
            {clip.tags.map((t) => (
              <span key={t} class="tag">
                {t}
              </span>
            ))}
          </span>
        )}
      </div>
    </a>
  );
}
