// What the transcript panel works out from its lines: which one is being
// spoken at a moment, which ones a find matches and where, and the name of
// the captions' language. Plain functions, so they are tested without a page.

/** A line of a transcript: speech from `start_ms` to `end_ms`. */
export interface Line {
  start_ms: number;
  end_ms: number;
  text: string;
}

/**
 * The index of the line being spoken at `ms` (lines in time order): the last
 * one started by then, which stays current through the pause after it, so
 * the highlight does not blink off between sentences. -1 before the first.
 */
export function lineAt(lines: readonly Line[], ms: number): number {
  let lo = 0;
  let hi = lines.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (lines[mid].start_ms <= ms) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** What was typed into the find box, as it is matched: trimmed, lower case, runs of spaces as one. */
export function normalize(query: string): string {
  return query.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The indexes of the lines containing `query` (case-insensitive); all of them for a blank query. */
export function findLines(lines: readonly Line[], query: string): number[] {
  const q = normalize(query);
  const all = lines.map((_, i) => i);
  return q === '' ? all : all.filter((i) => lines[i].text.replace(/\s+/g, ' ').toLowerCase().includes(q));
}

/** A piece of a line's text, and whether it is a match of the find. */
export interface Piece {
  text: string;
  hit: boolean;
}

/** `text` cut into pieces around each match of `query`, for marking the matches. */
export function highlight(text: string, query: string): Piece[] {
  const q = normalize(query);
  if (q === '') return [{ text, hit: false }];
  // Spaces in the query match any run of white space, as findLines() does.
  const words = q.split(' ').map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(words.join('\\s+'), 'gi');
  const pieces: Piece[] = [];
  let at = 0;
  for (const m of text.matchAll(pattern)) {
    const start = m.index ?? 0;
    if (start > at) pieces.push({ text: text.slice(at, start), hit: false });
    pieces.push({ text: m[0], hit: true });
    at = start + m[0].length;
  }
  if (at < text.length || pieces.length === 0) pieces.push({ text: text.slice(at), hit: false });
  return pieces;
}

/** The captions' label: the language's name (`English`), or `Captions` when it is not known. */
export function captionLabel(language: string | null, locale = 'en'): string {
  if (!language) return 'Captions';
  try {
    const name = new Intl.DisplayNames([locale], { type: 'language' }).of(language);
    return name && name !== language ? name : language;
  } catch {
    return language; // not a language code Intl knows
  }
}
