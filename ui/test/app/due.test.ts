import { describe, expect, it } from 'vitest';
import { formatIn, relativeDue } from '../../src/app/workflow/due';
import { href, parseRoute } from '../../src/app/route';

describe('due times', () => {
  it('shows a due time on the clock of the given time zone', () => {
    expect(formatIn('2026-11-26T15:00:00Z', 'America/New_York')).toBe('Thu 26 Nov, 10:00');
    expect(formatIn('2026-11-26T15:00:00Z', 'Europe/Berlin')).toBe('Thu 26 Nov, 16:00');
  });

  it('falls back to the local clock for a zone it does not know', () => {
    expect(formatIn('2026-11-26T15:00:00Z', 'Not/AZone')).toMatch(/26 Nov/);
  });

  it('says how far off or overdue a due time is', () => {
    const now = new Date('2026-11-26T12:00:00Z');
    expect(relativeDue('2026-11-26T15:00:00Z', now)).toBe('in 3 h');
    expect(relativeDue('2026-11-26T11:15:00Z', now)).toBe('45 min overdue');
    expect(relativeDue('2026-11-30T12:00:00Z', now)).toBe('in 4 d');
  });
});

describe('workflow routes', () => {
  it('round-trips documents, threads and folders', () => {
    for (const route of [
      { page: 'document' as const, id: '0190-doc' },
      { page: 'thread' as const, id: '0190-thr' },
      { page: 'documents' as const, folder: 'Engineering/Q3 plans' },
    ]) {
      expect(parseRoute(href(route))).toEqual(route);
    }
    for (const page of ['inbox', 'threads', 'search', 'people', 'documents'] as const) expect(parseRoute(href({ page }))).toEqual({ page });
    expect(parseRoute('#/document/')).toEqual({ page: 'documents' });
    expect(parseRoute('#/thread')).toEqual({ page: 'threads' });
  });
});
