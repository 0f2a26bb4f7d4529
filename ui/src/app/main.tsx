// The desktop app's pages. Each window loads this entry at its own hash
// route: the main window (Record, Library, Clip, Settings), the floating
// recording control and the area selector.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { ComponentType } from 'preact';
import '../design/tokens.css';
import '../viewer/viewer.css';
import './app.css';
import { commands } from './bindings';
import { AreaSelector } from './pages/AreaSelector';
import { BubbleWindow } from './pages/BubbleWindow';
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
import { formatMs } from '../time';
import { href, parseRoute, type Route } from './route';
import { useRecorder } from './useRecorder';
import {
  DocumentIcon,
  InboxIcon,
  LibraryIcon,
  Logo,
  PeopleIcon,
  RecordDot,
  SearchIcon,
  SettingsIcon,
  ThreadIcon,
} from '../components/Icon';

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const on = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

type NavPage = 'record' | 'library' | 'settings' | 'inbox' | 'documents' | 'threads' | 'search' | 'people';
const NAV: { page: NavPage; label: string; icon: ComponentType }[] = [
  { page: 'library', label: 'Library', icon: LibraryIcon },
  { page: 'inbox', label: 'Inbox', icon: InboxIcon },
  { page: 'documents', label: 'Documents', icon: DocumentIcon },
  { page: 'threads', label: 'Threads', icon: ThreadIcon },
  { page: 'search', label: 'Search', icon: SearchIcon },
  { page: 'people', label: 'People', icon: PeopleIcon },
  { page: 'settings', label: 'Settings', icon: SettingsIcon },
];

/** The nav entry a page belongs under. */
const SECTION: Partial<Record<Route['page'], Route['page']>> = { clip: 'library', document: 'documents', thread: 'threads' };

/**
 * The pages, under Record: the app's first action, as a button at the top
 * that shows the recording's clock while one runs, whatever page is open.
 */
function Sidebar({ current }: { current: Route['page'] }) {
  const [status] = useRecorder();
  const here = (page: Route['page']) => (page === current ? { class: 'active', 'aria-current': 'page' as const } : {});
  return (
    <nav class="sidebar">
      <strong class="brand">
        <Logo />
        Afterword
      </strong>
      <a id="nav-record" href={href({ page: 'record' })} class={`new-recording${current === 'record' ? ' active' : ''}${status.live ? ` live phase-${status.phase}` : ''}`} aria-current={current === 'record' ? 'page' : undefined}>
        <RecordDot />
        {status.live ? (
          <>
            {status.phase === 'paused' ? 'Paused' : 'Recording'} <span class="nav-live">{formatMs(status.elapsed_ms)}</span>
          </>
        ) : (
          'Record'
        )}
      </a>
      {NAV.map(({ page, label, icon: Icon }) => (
        <a key={page} id={`nav-${page}`} href={href({ page })} {...here(page)}>
          <Icon />
          {label}
        </a>
      ))}
    </nav>
  );
}

function Root() {
  const route = useRoute();
  if (route.page === 'control') return <ControlBar />;
  if (route.page === 'area') return <AreaSelector />;
  if (route.page === 'bubble') return <BubbleWindow />;
  const current = SECTION[route.page] ?? route.page;
  return (
    <div class="app">
      <Sidebar current={current} />
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
  const route = `route-${parseRoute(window.location.hash).page}`;
  document.documentElement.classList.add(route);
  document.body.classList.add(route);
  // Two frames: the first paint has happened by the second callback.
  requestAnimationFrame(() => requestAnimationFrame(() => void commands.uiReady().catch(() => undefined)));
}
