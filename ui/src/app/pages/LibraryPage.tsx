// Library: every clip as a card, newest first, a page of them at a time
// (more as the last card scrolls into view, or with "Show more clips");
// search over titles and comments, a filter by any tag in the library and
// a status filter (recovered, failed). Cards show their transcript's
// progress live (useTranscriptStates). Import a video with the desktop's
// file chooser, or drop files onto the page.
import { getCurrentWebview } from '@tauri-apps/api/webview';
import { open } from '@tauri-apps/plugin-dialog';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ClipCard } from '../ClipCard';
import { commands, events, type ClipView } from '../bindings';
import { errorText } from '../format';
import { useTranscriptStates } from '../useTranscripts';
import { ImportIcon } from '../../components/Icon';
import { NoClipsYet } from '../EmptyState';

/** Cards shown at first, and added each time: each costs the page's
 * process about 0.2 MB (README, "Desktop app"), so a large library is not
 * drawn whole. */
const PAGE = 60;

export function LibraryPage() {
  const [clips, setClips] = useState<ClipView[] | null>(null);
  const [search, setSearch] = useState('');
  const [tag, setTag] = useState('');
  const [status, setStatus] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [version, setVersion] = useState(0);
  const [shown, setShown] = useState(PAGE);
  // Another filter starts from the first page again.
  const filter = (set: (value: string) => void) => (value: string) => {
    set(value);
    setShown(PAGE);
  };

  useEffect(() => {
    const un = events.clipsChanged.listen(() => setVersion((v) => v + 1));
    return () => void un.then((f) => f());
  }, []);

  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      commands
        // One more than shown: whether there are more to show.
        .listClips({ search: search || null, tag: tag || null, status: status || null, limit: shown + 1 })
        .then((c) => live && setClips(c), (e) => live && setError(errorText(e)));
    }, search ? 150 : 0);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [search, tag, status, version, shown]);

  const [importing, setImporting] = useState<string | null>(null);
  const [imported, setImported] = useState<{ error: boolean; text: string } | null>(null);
  const [dragging, setDragging] = useState(false);
  const importFiles = async (paths: string[]) => {
    setImported(null);
    const done: string[] = [];
    try {
      for (const path of paths) {
        setImporting(path.split('/').pop() ?? path);
        done.push((await commands.importClip(path)).title);
      }
      setImported({ error: false, text: `Imported ${done.map((t) => `“${t}”`).join(', ')}.` });
    } catch (e) {
      const before = done.length ? `Imported ${done.map((t) => `“${t}”`).join(', ')}; then: ` : '';
      setImported({ error: true, text: before + errorText(e) });
    } finally {
      setImporting(null);
    }
  };
  const chooseFiles = async () => {
    const picked = await open({ title: 'Import videos', multiple: true, directory: false, filters: [{ name: 'Videos', extensions: ['mp4', 'mov', 'mkv', 'webm', 'avi', 'm4v'] }] });
    if (picked?.length) await importFiles(picked);
  };

  // Files dropped anywhere on the window while the Library is open.
  useEffect(() => {
    const un = getCurrentWebview().onDragDropEvent(({ payload }) => {
      if (payload.type === 'enter' || payload.type === 'over') setDragging(true);
      else setDragging(false);
      if (payload.type === 'drop' && payload.paths.length) void importFiles(payload.paths);
    });
    return () => void un.then((f) => f());
  }, []);

  const visible = useMemo(() => clips?.slice(0, shown) ?? null, [clips, shown]);
  const more = clips !== null && clips.length > shown;
  // The next page comes as the button nears the view, as in a feed.
  const moreButton = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const button = moreButton.current;
    if (!more || !button || typeof IntersectionObserver === 'undefined') return;
    const seen = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) setShown((n) => n + PAGE);
    }, { rootMargin: '400px' });
    seen.observe(button);
    return () => seen.disconnect();
  }, [more, visible]);

  const transcripts = useTranscriptStates(useMemo(() => (visible ?? []).map((c) => c.id), [visible]));
  // Every tag in the library, not only those on the cards shown.
  const [tags, setTags] = useState<string[]>([]);
  useEffect(() => {
    let live = true;
    commands.clipTags().then((t) => live && setTags(t), () => undefined);
    return () => {
      live = false;
    };
  }, [version]);

  return (
    <section class={dragging ? 'page library dropping' : 'page library'}>
      <h1>Library</h1>
      <div class="import">
        <button type="button" id="import" disabled={importing !== null} onClick={() => void chooseFiles()}>
          <ImportIcon />
          {importing ? `Importing ${importing}…` : 'Import video…'}
        </button>
        <span class="muted hint">or drop video files here</span>
        {imported && (
          <p class={imported.error ? 'note error' : 'note'} id="import-note" role={imported.error ? 'alert' : 'status'}>
            {imported.text}
          </p>
        )}
      </div>
      <div class="filters">
        <input type="search" id="search" placeholder="Search titles, comments and what was said" value={search} onInput={(e) => filter(setSearch)(e.currentTarget.value)} />
        <select id="tag-filter" value={tag} onChange={(e) => filter(setTag)(e.currentTarget.value)} aria-label="Tag">
          <option value="">All tags</option>
          {tags.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
        <select id="status-filter" value={status} onChange={(e) => filter(setStatus)(e.currentTarget.value)} aria-label="Status">
          <option value="">All clips</option>
          <option value="ready">Ready</option>
          <option value="recovered">Recovered</option>
          <option value="failed">Failed</option>
        </select>
      </div>
      {error && <p class="error">{error}</p>}
      {clips && clips.length === 0 && (search || tag || status ? <p class="empty">No clips match.</p> : <NoClipsYet />)}
      <div class="grid" id="clips">
        {visible?.map((c) => (
          <ClipCard key={c.id} clip={c} transcript={transcripts[c.id]} />
        ))}
      </div>
      {more && (
        <button type="button" id="more-clips" class="more" ref={moreButton} onClick={() => setShown((n) => n + PAGE)}>
          Show more clips
        </button>
      )}
    </section>
  );
}
