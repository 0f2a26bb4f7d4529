import { describe, expect, it } from 'vitest';
import { inlineText, parseMarkdown, parseInline, safeHref } from '../../src/app/workflow/markdown';

const CLIP = '0190a1b2-0000-7000-8000-000000000001';

describe('document markdown', () => {
  it('reads the brief template: headings, paragraphs, lists and an embedded clip', () => {
    const blocks = parseMarkdown(`## Context\n\nWhy it matters.\n\n## Watch before we meet\n\n![Walkthrough](clip:${CLIP})\n\n## Questions\n\n- one\n- two\n\n1. first\n2. second\n`);
    expect(blocks.map((b) => b.t)).toEqual(['heading', 'paragraph', 'heading', 'clip', 'heading', 'list', 'list']);
    expect(blocks[3]).toEqual({ t: 'clip', id: CLIP, title: 'Walkthrough' });
    const lists = blocks.filter((b) => b.t === 'list');
    expect(lists.map((l) => l.t === 'list' && l.ordered)).toEqual([false, true]);
    expect(lists[0].t === 'list' && lists[0].items.map(inlineText)).toEqual(['one', 'two']);
  });

  it('keeps a clip embedded mid-sentence as a clip, and other images as their alt text only', () => {
    const nodes = parseInline(`see ![Demo](clip:${CLIP}) and ![logo](https://evil.example/x.png)`);
    expect(nodes).toContainEqual({ t: 'clip', id: CLIP, title: 'Demo' });
    expect(nodes).toContainEqual({ t: 'text', text: 'logo' });
    expect(JSON.stringify(nodes)).not.toContain('evil.example');
  });

  it('keeps only safe link targets', () => {
    expect(safeHref('https://example.com/a')).toBe('https://example.com/a');
    expect(safeHref('mailto:a@b.c')).toBe('mailto:a@b.c');
    expect(safeHref(`clip:${CLIP}`)).toBe(`#/clip/${CLIP}`);
    expect(safeHref('javascript:alert(1)')).toBeNull();
    expect(safeHref('data:text/html,<script>')).toBeNull();
    expect(parseInline('[click](javascript:alert(1))')).toEqual([{ t: 'text', text: 'click' }, { t: 'text', text: ')' }]);
  });

  it('reads emphasis, code and escapes, and never parses HTML', () => {
    expect(parseInline('**bold** and *it* and `a*b*` and \\*not\\*')).toEqual([
      { t: 'strong', children: [{ t: 'text', text: 'bold' }] },
      { t: 'text', text: ' and ' },
      { t: 'em', children: [{ t: 'text', text: 'it' }] },
      { t: 'text', text: ' and ' },
      { t: 'code', text: 'a*b*' },
      { t: 'text', text: ' and *not*' },
    ]);
    expect(parseMarkdown('<script>alert(1)</script>')).toEqual([
      { t: 'paragraph', children: [{ t: 'text', text: '<script>alert(1)</script>' }] },
    ]);
    expect(parseInline('snake_case_name')).toEqual([{ t: 'text', text: 'snake_case_name' }]);
  });

  it('keeps fenced code as it is written', () => {
    expect(parseMarkdown('```\n# not a heading\n**x**\n```')).toEqual([{ t: 'code', text: '# not a heading\n**x**' }]);
  });
});
