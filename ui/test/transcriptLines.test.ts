import { describe, expect, it } from 'vitest';
import { captionLabel, findLines, highlight, lineAt } from '../src/components/transcriptLines';

const lines = [
  { start_ms: 1_000, end_ms: 2_500, text: 'Hello team.' },
  { start_ms: 3_000, end_ms: 4_200, text: 'The chart  shows Q3.' },
  { start_ms: 4_500, end_ms: 5_900, text: 'Questions about the CHART?' },
];

describe('lineAt', () => {
  it('is the line started by then, through the pause after it', () => {
    expect(lineAt(lines, 0)).toBe(-1);
    expect(lineAt(lines, 999)).toBe(-1);
    expect(lineAt(lines, 1_000)).toBe(0);
    expect(lineAt(lines, 2_800)).toBe(0);
    expect(lineAt(lines, 3_000)).toBe(1);
    expect(lineAt(lines, 4_499)).toBe(1);
    expect(lineAt(lines, 4_500)).toBe(2);
    expect(lineAt(lines, 60_000)).toBe(2);
    expect(lineAt([], 5_000)).toBe(-1);
  });

  it('takes the later of two lines starting together', () => {
    const same = [lines[0], { ...lines[0], text: 'again' }, lines[1]];
    expect(lineAt(same, 1_500)).toBe(1);
  });
});

describe('findLines', () => {
  it('keeps the lines saying the words, whatever their case and spacing', () => {
    expect(findLines(lines, 'chart')).toEqual([1, 2]);
    expect(findLines(lines, '  CHART shows ')).toEqual([1]);
    expect(findLines(lines, 'nobody said this')).toEqual([]);
    expect(findLines(lines, '   ')).toEqual([0, 1, 2]);
  });
});

describe('highlight', () => {
  it('cuts the text around every match', () => {
    expect(highlight('Questions about the CHART? chart!', 'chart')).toEqual([
      { text: 'Questions about the ', hit: false },
      { text: 'CHART', hit: true },
      { text: '? ', hit: false },
      { text: 'chart', hit: true },
      { text: '!', hit: false },
    ]);
    expect(highlight('The chart  shows Q3.', 'chart shows')).toEqual([
      { text: 'The ', hit: false },
      { text: 'chart  shows', hit: true },
      { text: ' Q3.', hit: false },
    ]);
  });

  it('treats what is typed as text, not a pattern', () => {
    expect(highlight('a.b (c) a*b', '(c)')).toEqual([
      { text: 'a.b ', hit: false },
      { text: '(c)', hit: true },
      { text: ' a*b', hit: false },
    ]);
    expect(highlight('a.b', '.*')).toEqual([{ text: 'a.b', hit: false }]);
    expect(highlight('plain', '')).toEqual([{ text: 'plain', hit: false }]);
  });
});

describe('captionLabel', () => {
  it('names the language, or says Captions', () => {
    expect(captionLabel('en')).toBe('English');
    expect(captionLabel('de')).toBe('German');
    expect(captionLabel(null)).toBe('Captions');
  });
});
