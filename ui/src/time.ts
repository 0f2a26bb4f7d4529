// Moments in a clip as a player shows them: 1:23, 1:02:03.

/** Formats milliseconds as m:ss or h:mm:ss (whole seconds, rounded down). */
export function formatMs(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor(total / 60) % 60;
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** A moment or a range, as a comment shows it. */
export function formatSpan(atMs: number, endMs: number | null): string {
  return endMs == null ? formatMs(atMs) : `${formatMs(atMs)}–${formatMs(endMs)}`;
}

/** Where `ms` sits on a timeline of `durationMs`, in percent (0–100). */
export function percentOf(ms: number, durationMs: number): number {
  if (!(durationMs > 0)) return 0;
  return Math.min(100, Math.max(0, (ms / durationMs) * 100));
}
