// The desktop app's pages. Each window loads this entry at its own hash
// route: the main window (Record, Library, Clip, Settings), the floating
// recording control and the area selector.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import '../viewer/viewer.css';
import './app.css';
import { commands } from './bindings';
import { AreaSelector } from './pages/AreaSelector';
import { ClipPage } from './pages/ClipPage';
import { ControlBar } from './pages/ControlBar';
import { LibraryPage } from './pages/LibraryPage';
import { RecordPage } from './pages/RecordPage';
import { SettingsPage } from './pages/SettingsPage';
import { DocumentPage } from './pages/DocumentPage';
import { DocumentsPage } from './pages/DocumentsPage';
import { InboxPage } from './pages/InboxPage';
import { PeoplePage } from './pages/PeoplePage';
import { SearchPage } from './pages/SearchPage';
import { ThreadPage } from './pages/ThreadPage';
import { ThreadsPage } from './pages/ThreadsPage';
import { href, parseRoute, type Route } from './route';

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const on = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

const NAV: { page: 'record' | 'library' | 'settings' | 'inbox' | 'documents' | 'threads' | 'search' | 'people'; label: string }[] = [
  { page: 'library', label: 'Library' },
  { page: 'record', label: 'Record' },
  { page: 'inbox', label: 'Inbox' },
  { page: 'documents', label: 'Documents' },
  { page: 'threads', label: 'Threads' },
  { page: 'search', label: 'Search' },
  { page: 'people', label: 'People' },
  { page: 'settings', label: 'Settings' },
];

/** The nav entry a page belongs under. */
const SECTION: Partial<Record<Route['page'], Route['page']>> = { clip: 'library', document: 'documents', thread: 'threads' };

function Root() {
  const route = useRoute();
  if (route.page === 'control') return <ControlBar />;
  if (route.page === 'area') return <AreaSelector />;
  const current = SECTION[route.page] ?? route.page;
  return (
    <div class="app">
      <nav class="sidebar">
        <strong class="brand">Afterword</strong>
        {NAV.map((n) => (
          <a key={n.page} id={`nav-${n.page}`} href={href({ page: n.page })} class={n.page === current ? 'active' : ''}>
            {n.label}
          </a>
        ))}
      </nav>
      <main class="content">
        {route.page === 'record' && <RecordPage />}
        {route.page === 'library' && <LibraryPage />}
        {route.page === 'clip' && <ClipPage key={route.id} id={route.id} at={route.at} />}
        {route.page === 'settings' && <SettingsPage />}
        {route.page === 'inbox' && <InboxPage />}
        {route.page === 'documents' && <DocumentsPage key={route.folder ?? ''} folder={route.folder} />}
        {route.page === 'document' && <DocumentPage key={route.id} id={route.id} />}
        {route.page === 'threads' && <ThreadsPage />}
        {route.page === 'thread' && <ThreadPage key={route.id} id={route.id} />}
        {route.page === 'search' && <SearchPage />}
        {route.page === 'people' && <PeoplePage />}
      </main>
    </div>
  );
}

const root = document.getElementById('app');
if (root) {
  render(<Root />, root);
  document.body.classList.add(`route-${parseRoute(window.location.hash).page}`);
  // Two frames: the first paint has happened by the second callback.
  requestAnimationFrame(() => requestAnimationFrame(() => void commands.uiReady().catch(() => undefined)));
}
