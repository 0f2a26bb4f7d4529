import { describe, expect, it } from 'vitest';
import { formatMs, formatSpan, percentOf } from '../src/time';

describe('time', () => {
  it('formats like a player', () => {
    expect(formatMs(0)).toBe('0:00');
    expect(formatMs(2_999)).toBe('0:02');
    expect(formatMs(83_000)).toBe('1:23');
    expect(formatMs(3_723_000)).toBe('1:02:03');
    expect(formatSpan(1_000, 3_000)).toBe('0:01–0:03');
    expect(formatSpan(1_000, null)).toBe('0:01');
  });

  it('places moments on the timeline within 0–100 %', () => {
    expect(percentOf(3_000, 6_000)).toBe(50);
    expect(percentOf(9_000, 6_000)).toBe(100);
    expect(percentOf(-5, 6_000)).toBe(0);
    expect(percentOf(1_000, 0)).toBe(0);
  });
});
