// The transcript beside the player: every line with its time, the line being
// spoken marked (aria-current) and kept in view as the clip plays, a click
// on a line seeking there, and a find box that narrows the lines to those
// saying something and marks where. The captions toggle and the text
// download sit in its header. Where the reader may correct the transcript
// (the app, not the viewer page), each line has an Edit button that turns it
// into a text field in place. Lines are rendered as text, never HTML.
import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { formatMs } from '../time';
import { findLines, highlight, lineAt, type Line } from './transcriptLines';
import { CaptionsIcon, DownloadIcon } from './Icon';

export interface TranscriptPanelProps {
  lines: readonly Line[];
  currentMs: number;
  onSeek: (ms: number) => void;
  /** Whether the video shows its captions; no toggle when `onCaptions` is not given. */
  captionsOn?: boolean;
  onCaptions?: (on: boolean) => void;
  /** The transcript as a text file; no link when the link allows no downloads. */
  downloadUrl?: string;
  /** Saves a corrected line (a misheard name); true once saved. No Edit buttons when not given. */
  onCorrect?: (line: Line, text: string) => Promise<boolean>;
}

export function TranscriptPanel(props: TranscriptPanelProps) {
  const { lines, currentMs, onSeek, captionsOn, onCaptions, downloadUrl, onCorrect } = props;
  const [query, setQuery] = useState('');
  const [editing, setEditing] = useState<number | null>(null);
  const [draft, setDraft] = useState('');
  const [saving, setSaving] = useState(false);
  const editBox = useRef<HTMLInputElement>(null);
  useEffect(() => editBox.current?.focus(), [editing]);
  const list = useRef<HTMLOListElement>(null);
  const current = lineAt(lines, currentMs);
  const shown = findLines(lines, query);
  const finding = query.trim() !== '';

  // Follow playback: when the spoken line changes and is out of sight, scroll
  // the list (never the page) to bring it to the middle.
  useEffect(() => {
    const box = list.current;
    const line = box?.querySelector<HTMLElement>('[aria-current]');
    if (!box || !line) return;
    const top = line.offsetTop;
    const visible = top >= box.scrollTop && top + line.offsetHeight <= box.scrollTop + box.clientHeight;
    if (!visible) box.scrollTop = Math.max(0, top - (box.clientHeight - line.offsetHeight) / 2);
  }, [current]);

  const save = async (line: Line) => {
    const text = draft.trim();
    if (text === '' || text === line.text || !onCorrect) {
      setEditing(null);
      return;
    }
    setSaving(true);
    try {
      if (await onCorrect(line, text)) setEditing(null);
    } finally {
      setSaving(false);
    }
  };

  return (
    <section class="transcript" aria-labelledby="transcript-heading">
      <header class="transcript-head">
        <h2 id="transcript-heading">Transcript</h2>
        {onCaptions && (
          <button type="button" class="toggle" aria-pressed={captionsOn ? 'true' : 'false'} onClick={() => onCaptions(!captionsOn)}>
            <CaptionsIcon />
            Captions
          </button>
        )}
        {downloadUrl && (
          <a class="download" href={downloadUrl} download>
            <DownloadIcon />
            Download transcript (.txt)
          </a>
        )}
      </header>
      <input
        type="search"
        class="find"
        placeholder="Find in transcript"
        aria-label="Find in transcript"
        value={query}
        onInput={(e) => setQuery((e.currentTarget as HTMLInputElement).value)}
      />
      {finding && (
        <p class="found" role="status">
          {shown.length === 0 ? `No line says “${query.trim()}”` : `${shown.length} of ${lines.length} lines`}
        </p>
      )}
      <ol class="lines" ref={list}>
        {shown.map((i) => {
          const line = lines[i];
          return (
            <li key={`${line.start_ms}-${i}`}>
              {editing === i ? (
                <form
                  class="edit-line"
                  onSubmit={(e) => {
                    e.preventDefault();
                    void save(line);
                  }}
                >
                  <span class="stamp">{formatMs(line.start_ms)}</span>
                  <input
                    class="edit-text"
                    aria-label={`The line at ${formatMs(line.start_ms)}`}
                    value={draft}
                    disabled={saving}
                    ref={editBox}
                    onInput={(e) => setDraft((e.currentTarget as HTMLInputElement).value)}
                    onKeyDown={(e) => e.key === 'Escape' && setEditing(null)}
                  />
                  <button type="submit" class="link" disabled={saving}>
                    Save
                  </button>
                  <button type="button" class="link" onClick={() => setEditing(null)}>
                    Cancel
                  </button>
                </form>
              ) : (
                <>
                  <button
                    type="button"
                    class="line"
                    data-at={line.start_ms}
                    aria-current={i === current ? 'true' : undefined}
                    onClick={() => onSeek(line.start_ms)}
                  >
                    <span class="stamp">{formatMs(line.start_ms)}</span>
                    <span class="text">{highlight(line.text, query).map((p) => (p.hit ? <mark>{p.text}</mark> : p.text))}</span>
                  </button>
                  {onCorrect && (
                    <button
                      type="button"
                      class="link edit"
                      aria-label={`Correct the line at ${formatMs(line.start_ms)}`}
                      onClick={() => {
                        setDraft(line.text);
                        setEditing(i);
                      }}
                    >
                      Edit
                    </button>
                  )}
                </>
              )}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/**
 * Whether `video`'s captions track shows, kept in step both ways: the toggle
 * sets the track's mode at once, and choosing captions in the player's own
 * menu moves the toggle. Captions start on (the track is `default`).
 */
export function useCaptions(video: RefObject<HTMLVideoElement>, present: boolean): [boolean, (on: boolean) => void] {
  const [on, setOn] = useState(true);
  useEffect(() => {
    const tracks = video.current?.textTracks;
    if (!present || !tracks?.[0]) return;
    tracks[0].mode = 'showing';
    setOn(true);
    const follow = () => setOn(tracks[0]?.mode === 'showing');
    tracks.addEventListener('change', follow);
    return () => tracks.removeEventListener('change', follow);
  }, [video, present]);
  const toggle = (next: boolean) => {
    const track = video.current?.textTracks[0];
    if (track) track.mode = next ? 'showing' : 'hidden';
    setOn(next);
  };
  return [on, toggle];
}
