// Search: everything (clips, documents, threads, messages, comments, and
// the words said in clips) by words, narrowed by kind, tag, author, folder,
// dates and unresolved comments. Each hit opens where it lives; a spoken
// word opens its clip at the moment it was said.
import { useState } from 'preact/hooks';
import { commands, type SearchFilterView, type SearchHitView, type SearchKindView } from '../bindings';
import { errorText, formatDate } from '../format';
import { SearchIcon } from '../../components/Icon';
import { EmptyState } from '../EmptyState';
import { href } from '../route';
import { saidAt } from '../transcript';
import '../workflow/workflow.css';

const KINDS: { kind: SearchKindView; label: string }[] = [
  { kind: 'clip', label: 'Clips' },
  { kind: 'document', label: 'Documents' },
  { kind: 'thread', label: 'Threads' },
  { kind: 'message', label: 'Messages' },
  { kind: 'comment', label: 'Comments' },
  { kind: 'transcript', label: 'Spoken words' },
];

const EMPTY: SearchFilterView = { kinds: [], tag: null, author: null, folder: null, since: null, until: null, unresolved: false };

/** Where a hit opens: its clip (a spoken word: at its moment), document or thread. */
export function hitHref(h: SearchHitView): string {
  switch (h.kind) {
    case 'clip':
      return href({ page: 'clip', id: h.id });
    case 'comment':
      return h.clip_id ? href({ page: 'clip', id: h.clip_id }) : '#/search';
    case 'document':
      return href({ page: 'document', id: h.id });
    case 'thread':
      return href({ page: 'thread', id: h.id });
    case 'message':
      return h.thread_id ? href({ page: 'thread', id: h.thread_id }) : '#/search';
    case 'transcript':
      return h.clip_id ? href({ page: 'clip', id: h.clip_id, at: h.at_ms ?? undefined }) : '#/search';
  }
}

/** A snippet's `[matches]` as <mark>, the rest as text. */
export function Snippet({ text }: { text: string }) {
  const parts = text.split(/\[([^\]]*)\]/);
  return <span class="snippet">{parts.map((p, i) => (i % 2 === 1 ? <mark key={i}>{p}</mark> : p))}</span>;
}

export function SearchPage() {
  const [query, setQuery] = useState('');
  const [filter, setFilter] = useState<SearchFilterView>(EMPTY);
  const [hits, setHits] = useState<SearchHitView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const set = (patch: Partial<SearchFilterView>) => setFilter({ ...filter, ...patch });
  const text = (k: 'tag' | 'author' | 'folder' | 'since' | 'until', label: string, type = 'text') => (
    <label>
      {label}{' '}
      <input id={`filter-${k}`} type={type} value={filter[k] ?? ''} onInput={(e) => set({ [k]: e.currentTarget.value || null })} />
    </label>
  );

  const search = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      setHits(await commands.searchAll(query, filter, 100));
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <section class="page search">
      <h1>Search</h1>
      <form onSubmit={search} class="stack">
        <div class="filters">
          <input id="search-query" type="search" placeholder="Words to find" value={query} onInput={(e) => setQuery(e.currentTarget.value)} />
          <button type="submit" class="primary" id="search-go">
            <SearchIcon />
            Search
          </button>
        </div>
        <fieldset class="filters">
          <legend>Only</legend>
          {KINDS.map(({ kind, label }) => (
            <label key={kind}>
              <input
                type="checkbox"
                name="kind"
                value={kind}
                checked={filter.kinds.includes(kind)}
                onChange={(e) => set({ kinds: e.currentTarget.checked ? [...filter.kinds, kind] : filter.kinds.filter((k) => k !== kind) })}
              />{' '}
              {label}
            </label>
          ))}
          <label>
            <input type="checkbox" id="filter-unresolved" checked={filter.unresolved} onChange={(e) => set({ unresolved: e.currentTarget.checked })} /> With
            unresolved comments
          </label>
        </fieldset>
        <fieldset class="filters">
          {text('tag', 'Tag')}
          {text('author', 'Author')}
          {text('folder', 'Folder')}
          {text('since', 'From', 'date')}
          {text('until', 'Before', 'date')}
        </fieldset>
      </form>
      {error && <p class="error">{error}</p>}
      {hits === null && !error && (
        <EmptyState icon={SearchIcon} title="Search everything at once">
          Clip titles, comments, what was said in a clip, documents and threads. Type a few words above and press Enter.
        </EmptyState>
      )}
      {hits && hits.length === 0 && (
        <EmptyState icon={SearchIcon} title="Nothing found.">
          Try fewer words, or clear a filter.
        </EmptyState>
      )}
      <ul class="rows hits">
        {hits?.map((h) => (
          <li key={`${h.kind}-${h.id}-${h.at_ms ?? ''}`} data-kind={h.kind}>
            <span class="badge kind">{h.kind === 'transcript' ? 'said' : h.kind}</span>{' '}
            <a href={hitHref(h)} class="row-title">
              {h.kind === 'transcript' ? saidAt(h) : h.title || '(untitled)'}
            </a>{' '}
            <span class="muted">{formatDate(h.created_at)}</span>
            <div>
              <Snippet text={h.snippet} />
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
