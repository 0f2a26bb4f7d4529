// Renders a document's markdown (see markdown.ts) as elements. Every piece
// of text is a text node, so a document's body can't inject markup; clips
// embedded as `![title](clip:ID)` are drawn by `renderClip`.
import type { ComponentChild } from 'preact';
import { parseMarkdown, type Block, type Inline } from './markdown';

export interface MarkdownProps {
  source: string;
  renderClip: (id: string, title: string) => ComponentChild;
}

export function Markdown({ source, renderClip }: MarkdownProps) {
  return <div class="markdown">{parseMarkdown(source).map((b, i) => block(b, i, renderClip))}</div>;
}

function block(b: Block, key: number, renderClip: MarkdownProps['renderClip']): ComponentChild {
  const inl = (nodes: Inline[]) => inlines(nodes, renderClip);
  switch (b.t) {
    case 'heading': {
      const H = `h${Math.min(6, b.level + 1)}` as 'h2';
      return <H key={key}>{inl(b.children)}</H>;
    }
    case 'paragraph':
      return <p key={key}>{inl(b.children)}</p>;
    case 'list': {
      const items = b.items.map((item, i) => <li key={i}>{inl(item)}</li>);
      return b.ordered ? <ol key={key}>{items}</ol> : <ul key={key}>{items}</ul>;
    }
    case 'quote':
      return <blockquote key={key}>{inl(b.children)}</blockquote>;
    case 'code':
      return (
        <pre key={key}>
          <code>{b.text}</code>
        </pre>
      );
    case 'rule':
      return <hr key={key} />;
    case 'clip':
      return (
        <div key={key} class="embed" data-clip={b.id}>
          {renderClip(b.id, b.title)}
        </div>
      );
  }
}

function inlines(nodes: Inline[], renderClip: MarkdownProps['renderClip']): ComponentChild[] {
  return nodes.map((n, i) => {
    switch (n.t) {
      case 'text':
        return n.text;
      case 'code':
        return <code key={i}>{n.text}</code>;
      case 'strong':
        return <strong key={i}>{inlines(n.children, renderClip)}</strong>;
      case 'em':
        return <em key={i}>{inlines(n.children, renderClip)}</em>;
      case 'link':
        return (
          <a key={i} href={n.href} {...(n.href.startsWith('#/') ? {} : { target: '_blank', rel: 'noopener noreferrer' })}>
            {inlines(n.children, renderClip)}
          </a>
        );
      case 'clip':
        return (
          <span key={i} class="embed inline" data-clip={n.id}>
            {renderClip(n.id, n.title)}
          </span>
        );
    }
  });
}
