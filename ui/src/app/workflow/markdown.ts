// A small, safe subset of markdown for documents, parsed into a tree that
// Markdown.tsx renders as elements — never as an HTML string, so nothing in
// a document can inject markup or script. Clips embedded as
// `![title](clip:ID)` become players; other images show their alt text
// (a document never loads a remote resource); links keep only http(s),
// mailto and in-app (#/…) targets.

export type Inline =
  | { t: 'text'; text: string }
  | { t: 'code'; text: string }
  | { t: 'strong'; children: Inline[] }
  | { t: 'em'; children: Inline[] }
  | { t: 'link'; href: string; children: Inline[] }
  | { t: 'clip'; id: string; title: string };

export type Block =
  | { t: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; children: Inline[] }
  | { t: 'paragraph'; children: Inline[] }
  | { t: 'list'; ordered: boolean; items: Inline[][] }
  | { t: 'quote'; children: Inline[] }
  | { t: 'code'; text: string }
  | { t: 'rule' }
  | { t: 'clip'; id: string; title: string };

const EMBED = /^!\[([^\]]*)\]\(clip:([0-9A-Za-z-]+)\)$/;
const HEADING = /^(#{1,6})\s+(.*?)\s*#*\s*$/;
const BULLET = /^\s*[-*+]\s+(.*)$/;
const NUMBERED = /^\s*\d+[.)]\s+(.*)$/;
const RULE = /^\s*([-*_])(\s*\1){2,}\s*$/;

/** Parses `source` into blocks. Never throws: anything unrecognised is text. */
export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    const trimmed = line.trim();
    if (trimmed === '') {
      i += 1;
      continue;
    }
    if (trimmed.startsWith('```')) {
      const body: string[] = [];
      i += 1;
      while (i < lines.length && !lines[i].trim().startsWith('```')) body.push(lines[i++]);
      i += 1; // the closing fence (or the end)
      blocks.push({ t: 'code', text: body.join('\n') });
      continue;
    }
    const embed = EMBED.exec(trimmed);
    if (embed) {
      blocks.push({ t: 'clip', title: embed[1], id: embed[2] });
      i += 1;
      continue;
    }
    const heading = HEADING.exec(trimmed);
    if (heading) {
      blocks.push({ t: 'heading', level: heading[1].length as 1, children: parseInline(heading[2]) });
      i += 1;
      continue;
    }
    if (RULE.test(trimmed)) {
      blocks.push({ t: 'rule' });
      i += 1;
      continue;
    }
    if (trimmed.startsWith('>')) {
      const quoted: string[] = [];
      while (i < lines.length && lines[i].trim().startsWith('>')) quoted.push(lines[i++].trim().replace(/^>\s?/, ''));
      blocks.push({ t: 'quote', children: parseInline(quoted.join(' ')) });
      continue;
    }
    const listKind = BULLET.test(line) ? BULLET : NUMBERED.test(line) ? NUMBERED : null;
    if (listKind) {
      const items: Inline[][] = [];
      while (i < lines.length && listKind.test(lines[i])) {
        items.push(parseInline((listKind.exec(lines[i]) as RegExpExecArray)[1]));
        i += 1;
      }
      blocks.push({ t: 'list', ordered: listKind === NUMBERED, items });
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && startsParagraphLine(lines[i])) para.push(lines[i++].trim());
    blocks.push({ t: 'paragraph', children: parseInline(para.join(' ')) });
  }
  return blocks;
}

function startsParagraphLine(line: string): boolean {
  const t = line.trim();
  return (
    t !== '' &&
    !t.startsWith('```') &&
    !t.startsWith('>') &&
    !EMBED.test(t) &&
    !HEADING.test(t) &&
    !RULE.test(t) &&
    !BULLET.test(line) &&
    !NUMBERED.test(line)
  );
}

/** Only these link targets survive; anything else renders as plain text. */
export function safeHref(href: string): string | null {
  const h = href.trim();
  if (/^clip:[0-9A-Za-z-]+$/.test(h)) return `#/clip/${h.slice(5)}`;
  if (/^(https?:\/\/|mailto:)/i.test(h) || h.startsWith('#/')) return h;
  return null;
}

/** Inline spans: `code`, **strong**, *em* / _em_, [links](url), ![clips](clip:ID). */
export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let plain = '';
  const flush = () => {
    if (plain) out.push({ t: 'text', text: plain });
    plain = '';
  };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const rest = text.slice(i);
    if (c === '\\' && i + 1 < text.length && /[\\`*_[\]()!#>-]/.test(text[i + 1])) {
      plain += text[i + 1];
      i += 2;
      continue;
    }
    if (c === '`') {
      const end = text.indexOf('`', i + 1);
      if (end > i) {
        flush();
        out.push({ t: 'code', text: text.slice(i + 1, end) });
        i = end + 1;
        continue;
      }
    }
    const link = /^(!?)\[([^\]]*)\]\(([^)\s]*)\)/.exec(rest);
    if (link) {
      flush();
      const [whole, bang, label, target] = link;
      const clip = /^clip:([0-9A-Za-z-]+)$/.exec(target);
      if (bang && clip) out.push({ t: 'clip', id: clip[1], title: label });
      else if (bang) out.push({ t: 'text', text: label });
      else {
        const href = safeHref(target);
        out.push(href ? { t: 'link', href, children: parseInline(label) } : { t: 'text', text: label });
      }
      i += whole.length;
      continue;
    }
    const strong = /^(\*\*|__)(?=\S)([\s\S]*?\S)\1/.exec(rest);
    if (strong) {
      flush();
      out.push({ t: 'strong', children: parseInline(strong[2]) });
      i += strong[0].length;
      continue;
    }
    const em = /^([*_])(?=\S)([\s\S]*?\S)\1/.exec(rest);
    if (em && (c === '*' || i === 0 || !/\w/.test(text[i - 1]))) {
      flush();
      out.push({ t: 'em', children: parseInline(em[2]) });
      i += em[0].length;
      continue;
    }
    plain += c;
    i += 1;
  }
  flush();
  return out;
}

/** The plain text of some inlines (for titles and tests). */
export function inlineText(nodes: Inline[]): string {
  return nodes
    .map((n) => (n.t === 'text' || n.t === 'code' ? n.text : n.t === 'clip' ? n.title : inlineText(n.children)))
    .join('');
}
