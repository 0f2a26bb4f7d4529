// The bar under the video: where playback is, a marker for each comment, a
// span for each range comment, the reactions, and the range being selected.
// Clicking seeks; dragging selects a range to comment on (or cut). With
// `trim`, a handle at each end drags (or, focused, moves with the arrow
// keys and Enter) to trim the clip; what it would cut is shaded meanwhile.
import { useRef, useState } from 'preact/hooks';
import type { Comment, Reaction } from '../api';
import { formatMs, formatSpan, percentOf } from '../time';
import { Emoji } from './Emoji';

export interface Selection {
  start: number;
  end: number;
}

export interface TimelineProps {
  durationMs: number;
  currentMs: number;
  comments: Comment[];
  reactions: Reaction[];
  selection: Selection | null;
  onSeek: (ms: number) => void;
  onSelect?: (selection: Selection | null) => void;
  trim?: TrimProps;
}

export interface TrimProps {
  /** Keep what plays from `start` to `end` (ms on this timeline). */
  onTrim: (start: number, end: number) => void;
  disabled?: boolean;
}

/** Arrow keys move a trim handle this far (Shift: ten times). */
const TRIM_STEP_MS = 100;

/** Drags shorter than this (in % of the bar) are clicks. */
const DRAG_MIN_PERCENT = 1;

export function Timeline(props: TimelineProps) {
  const { durationMs, currentMs, comments, reactions, selection, onSeek, onSelect } = props;
  const bar = useRef<HTMLDivElement>(null);
  const drag = useRef<{ from: number; pointer: number } | null>(null);
  const [trimTo, setTrimTo] = useState<Selection | null>(null);

  const msAt = (clientX: number): number => {
    const rect = bar.current?.getBoundingClientRect();
    if (!rect || rect.width <= 0) return 0;
    const f = Math.min(1, Math.max(0, (clientX - rect.left) / rect.width));
    return Math.round(f * durationMs);
  };

  const onPointerDown = (e: PointerEvent) => {
    if ((e.target as HTMLElement).closest('.marker')) return;
    drag.current = { from: msAt(e.clientX), pointer: e.pointerId };
    bar.current?.setPointerCapture?.(e.pointerId);
  };
  const onPointerMove = (e: PointerEvent) => {
    const d = drag.current;
    if (!d || !onSelect) return;
    const to = msAt(e.clientX);
    if (percentOf(Math.abs(to - d.from), durationMs) >= DRAG_MIN_PERCENT) {
      onSelect({ start: Math.min(d.from, to), end: Math.max(d.from, to) });
    }
  };
  const onPointerUp = (e: PointerEvent) => {
    const d = drag.current;
    drag.current = null;
    if (!d) return;
    const to = msAt(e.clientX);
    if (!onSelect || percentOf(Math.abs(to - d.from), durationMs) < DRAG_MIN_PERCENT) onSeek(to);
  };

  const top = comments.filter((c) => c.parent_id == null);
  return (
    <div class="timeline" aria-label="Timeline with comments">
      <div
        class="track"
        ref={bar}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        role="slider"
        aria-label="Seek"
        aria-valuemin={0}
        aria-valuemax={Math.round(durationMs / 1000)}
        aria-valuenow={Math.round(currentMs / 1000)}
        aria-valuetext={formatMs(currentMs)}
        tabIndex={-1}
      >
        <div class="played" style={{ width: `${percentOf(currentMs, durationMs)}%` }} />
        {selection && (
          <div
            class="selection"
            style={{ left: `${percentOf(selection.start, durationMs)}%`, width: `${percentOf(selection.end - selection.start, durationMs)}%` }}
          />
        )}
        {top
          .filter((c) => c.end_ms != null)
          .map((c) => (
            <div
              key={`span-${c.id}`}
              class={`span${c.resolved ? ' resolved' : ''}`}
              data-at={c.at_ms}
              style={{ left: `${percentOf(c.at_ms, durationMs)}%`, width: `${percentOf((c.end_ms ?? c.at_ms) - c.at_ms, durationMs)}%` }}
            />
          ))}
        {trimTo && <div class="trimmed" style={{ left: 0, width: `${percentOf(trimTo.start, durationMs)}%` }} />}
        {trimTo && <div class="trimmed" style={{ left: `${percentOf(trimTo.end, durationMs)}%`, right: 0 }} />}
        {props.trim &&
          (['start', 'end'] as const).map((side) => (
            <TrimHandle key={side} side={side} durationMs={durationMs} msAt={msAt} trim={props.trim!} pending={trimTo} onPending={setTrimTo} />
          ))}
        {top.map((c) => (
          <button
            key={c.id}
            type="button"
            class={`marker${c.resolved ? ' resolved' : ''}`}
            data-at={c.at_ms}
            style={{ left: `${percentOf(c.at_ms, durationMs)}%` }}
            title={`${formatSpan(c.at_ms, c.end_ms)} ${c.author_name}: ${c.body}`}
            aria-label={`Comment at ${formatMs(c.at_ms)} by ${c.author_name}`}
            onClick={() => onSeek(c.at_ms)}
          />
        ))}
        {reactions.map((r) => (
          <span key={r.id} class="reaction-mark" data-at={r.at_ms} style={{ left: `${percentOf(r.at_ms, durationMs)}%` }} title={`${r.author_name} at ${formatMs(r.at_ms)}`}>
            <Emoji emoji={r.emoji} />
          </span>
        ))}
      </div>
    </div>
  );
}

interface TrimHandleProps {
  side: 'start' | 'end';
  durationMs: number;
  msAt: (clientX: number) => number;
  trim: TrimProps;
  pending: Selection | null;
  onPending: (s: Selection | null) => void;
}

/** One end's handle: drag it, or focus it and use the arrow keys, then Enter. */
function TrimHandle({ side, durationMs, msAt, trim, pending, onPending }: TrimHandleProps) {
  const whole = { start: 0, end: durationMs };
  const at = (pending ?? whole)[side];
  const move = (ms: number) => {
    const p = pending ?? whole;
    const next = side === 'start' ? { ...p, start: Math.min(Math.max(0, ms), p.end) } : { ...p, end: Math.max(Math.min(durationMs, ms), p.start) };
    onPending(next);
    return next;
  };
  const commit = (p: Selection | null) => {
    onPending(null);
    if (p && (p.start > 0 || p.end < durationMs)) trim.onTrim(Math.round(p.start), Math.round(p.end));
  };
  const label = side === 'start' ? 'Trim start' : 'Trim end';
  return (
    <button
      type="button"
      class={`trim-handle ${side}`}
      data-side={side}
      style={{ left: `${percentOf(at, durationMs)}%` }}
      role="slider"
      aria-label={label}
      title={`${label}: drag, or use the arrow keys and Enter`}
      aria-valuemin={0}
      aria-valuemax={durationMs}
      aria-valuenow={Math.round(at)}
      aria-valuetext={formatMs(at)}
      disabled={trim.disabled}
      onPointerDown={(e) => {
        e.stopPropagation();
        e.preventDefault();
        (e.currentTarget as HTMLElement).setPointerCapture?.(e.pointerId);
        onPending(pending ?? whole);
      }}
      onPointerMove={(e) => {
        if (pending) move(msAt(e.clientX));
      }}
      onPointerUp={(e) => {
        e.stopPropagation();
        if (pending) commit(move(msAt(e.clientX)));
      }}
      onKeyDown={(e) => {
        const step = (e.shiftKey ? 10 : 1) * TRIM_STEP_MS;
        if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
          e.preventDefault();
          move(at + (e.key === 'ArrowLeft' ? -step : step));
        } else if (e.key === 'Enter') {
          e.preventDefault();
          commit(pending);
        } else if (e.key === 'Escape') onPending(null);
      }}
      onBlur={() => pending && onPending(null)}
    />
  );
}
