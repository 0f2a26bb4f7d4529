import type { Comment, Reaction } from '../src/api';

let n = 0;
export function comment(over: Partial<Comment> = {}): Comment {
  n += 1;
  return {
    id: `c${n}`,
    parent_id: null,
    author_name: 'Ana',
    by_owner: false,
    body: `comment ${n}`,
    at_ms: 1000,
    end_ms: null,
    resolved: false,
    removed: false,
    created_at: `2026-11-25T10:00:${String(n).padStart(2, '0')}Z`,
    ...over,
  };
}

export function reaction(over: Partial<Reaction> = {}): Reaction {
  n += 1;
  return { id: `r${n}`, author_name: 'Ben', at_ms: 500, emoji: '🎉', removed: false, ...over };
}
