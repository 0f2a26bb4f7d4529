// Library: every clip as a card, newest first; search over titles and
// comments, a tag filter and a status filter (recovered, failed). Cards show
// their transcript's progress live (useTranscriptStates).
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ClipCard } from '../ClipCard';
import { commands, events, type ClipView } from '../bindings';
import { errorText } from '../format';
import { useTranscriptStates } from '../useTranscripts';

const PAGE = 200;

export function LibraryPage() {
  const [clips, setClips] = useState<ClipView[] | null>(null);
  const [search, setSearch] = useState('');
  const [tag, setTag] = useState('');
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);

  useEffect(() => {
    const un = events.clipsChanged.listen(() => setVersion((v) => v + 1));
    return () => void un.then((f) => f());
  }, []);

  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      commands
        .listClips({ search: search || null, tag: tag || null, status: status || null, limit: PAGE })
        .then((c) => live && setClips(c), (e) => live && setError(errorText(e)));
    }, search ? 150 : 0);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [search, tag, status, version]);

  const transcripts = useTranscriptStates(useMemo(() => (clips ?? []).map((c) => c.id), [clips]));
  const tags = useMemo(() => [...new Set((clips ?? []).flatMap((c) => c.tags))].sort(), [clips]);

  return (
    <section class="page library">
      <h1>Library</h1>
      <div class="filters">
        <input type="search" id="search" placeholder="Search titles, comments and what was said" value={search} onInput={(e) => setSearch(e.currentTarget.value)} />
        <select id="tag-filter" value={tag} onChange={(e) => setTag(e.currentTarget.value)} aria-label="Tag">
          <option value="">All tags</option>
          {tags.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        <select id="status-filter" value={status} onChange={(e) => setStatus(e.currentTarget.value)} aria-label="Status">
          <option value="">All clips</option>
          <option value="ready">Ready</option>
          <option value="recovered">Recovered</option>
          <option value="failed">Failed</option>
        </select>
      </div>
      {error && <p class="error">{error}</p>}
      {clips && clips.length === 0 && <p class="empty">{search || tag || status ? 'No clips match.' : 'No clips yet. Record one, or press Ctrl+Shift+R anywhere.'}</p>}
      <div class="grid" id="clips">
        {clips?.map((c) => (
          <ClipCard key={c.id} clip={c} transcript={transcripts[c.id]} />
        ))}
      </div>
    </section>
  );
}
