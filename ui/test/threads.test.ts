import { describe, expect, it } from 'vitest';
import { threads } from '../src/components/threads';
import { comment } from './fixtures';

describe('threads', () => {
  it('groups replies of any depth under their top comment, in time order', () => {
    const late = comment({ id: 'late', at_ms: 5000 });
    const early = comment({ id: 'early', at_ms: 1000 });
    const reply = comment({ id: 'reply', parent_id: 'late', at_ms: 5000 });
    const nested = comment({ id: 'nested', parent_id: 'reply', at_ms: 5000 });
    const t = threads([early, late, reply, nested]);
    expect(t.map((x) => x.comment.id)).toEqual(['early', 'late']);
    expect(t[1].replies.map((r) => r.id)).toEqual(['reply', 'nested']);
  });

  it('keeps a reply whose parent is missing as its own thread', () => {
    const orphan = comment({ id: 'orphan', parent_id: 'gone' });
    expect(threads([orphan]).map((x) => x.comment.id)).toEqual(['orphan']);
  });
});
