// Comments arrive flat, in time order; a thread is a top-level comment with
// its replies (at any depth) in the order they were written.
import type { Comment } from '../api';

export interface Thread {
  comment: Comment;
  replies: Comment[];
}

export function threads(comments: Comment[]): Thread[] {
  const byId = new Map(comments.map((c) => [c.id, c]));
  const rootOf = (c: Comment): Comment => {
    let cur = c;
    const seen = new Set<string>();
    while (cur.parent_id && byId.has(cur.parent_id) && !seen.has(cur.id)) {
      seen.add(cur.id);
      cur = byId.get(cur.parent_id)!;
    }
    return cur;
  };
  const out = new Map<string, Thread>();
  for (const c of comments) {
    const root = rootOf(c);
    if (root.id === c.id) out.set(c.id, { comment: c, replies: out.get(c.id)?.replies ?? [] });
  }
  for (const c of comments) {
    const root = rootOf(c);
    if (root.id !== c.id) out.get(root.id)?.replies.push(c);
  }
  for (const t of out.values()) t.replies.sort((a, b) => a.created_at.localeCompare(b.created_at));
  return [...out.values()].sort((a, b) => a.comment.at_ms - b.comment.at_ms || a.comment.created_at.localeCompare(b.comment.created_at));
}
