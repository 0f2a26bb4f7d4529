// The app's pages live behind the URL hash, so every window (main, floating
// control, area selector) loads the same index.html at its own route.

export type Route =
  | { page: 'record' }
  | { page: 'library' }
  | { page: 'clip'; id: string; at?: number }
  | { page: 'settings' }
  | { page: 'control' }
  | { page: 'area' }
  | { page: 'bubble' }
  | { page: 'inbox' }
  | { page: 'documents'; folder?: string }
  | { page: 'document'; id: string }
  | { page: 'threads' }
  | { page: 'thread'; id: string }
  | { page: 'search' }
  | { page: 'people' };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  switch (parts[0]) {
    case 'library':
      return { page: 'library' };
    case 'clip':
      if (!parts[1]) return { page: 'library' };
      // `#/clip/<id>/<ms>` opens the clip at a moment (a spoken-word hit).
      return /^\d+$/.test(parts[2] ?? '') ? { page: 'clip', id: decodeURIComponent(parts[1]), at: Number(parts[2]) } : { page: 'clip', id: decodeURIComponent(parts[1]) };
    case 'settings':
      return { page: 'settings' };
    case 'control':
      return { page: 'control' };
    case 'area':
      return { page: 'area' };
    case 'bubble':
      return { page: 'bubble' };
    case 'record':
      return { page: 'record' };
    case 'inbox':
      return { page: 'inbox' };
    case 'threads':
      return { page: 'threads' };
    case 'search':
      return { page: 'search' };
    case 'people':
      return { page: 'people' };
    case 'documents':
      return parts[1] ? { page: 'documents', folder: parts.slice(1).map(decodeURIComponent).join('/') } : { page: 'documents' };
    case 'document':
      return parts[1] ? { page: 'document', id: decodeURIComponent(parts[1]) } : { page: 'documents' };
    case 'thread':
      return parts[1] ? { page: 'thread', id: decodeURIComponent(parts[1]) } : { page: 'threads' };
    default:
      return { page: 'library' };
  }
}

export function href(route: Route): string {
  if (route.page === 'clip' && route.at != null) return `#/clip/${encodeURIComponent(route.id)}/${Math.max(0, Math.round(route.at))}`;
  if (route.page === 'clip' || route.page === 'document' || route.page === 'thread') return `#/${route.page}/${encodeURIComponent(route.id)}`;
  if (route.page === 'documents' && route.folder) return `#/documents/${route.folder.split('/').map(encodeURIComponent).join('/')}`;
  return `#/${route.page}`;
}
