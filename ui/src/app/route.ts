// The app's pages live behind the URL hash, so every window (main, floating
// control, area selector) loads the same index.html at its own route.

export type Route =
  | { page: 'record' }
  | { page: 'library' }
  | { page: 'clip'; id: string }
  | { page: 'settings' }
  | { page: 'control' }
  | { page: 'area' };

export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter(Boolean);
  switch (parts[0]) {
    case 'library':
      return { page: 'library' };
    case 'clip':
      return parts[1] ? { page: 'clip', id: decodeURIComponent(parts[1]) } : { page: 'library' };
    case 'settings':
      return { page: 'settings' };
    case 'control':
      return { page: 'control' };
    case 'area':
      return { page: 'area' };
    case 'record':
      return { page: 'record' };
    default:
      return { page: 'library' };
  }
}

export function href(route: Route): string {
  return route.page === 'clip' ? `#/clip/${encodeURIComponent(route.id)}` : `#/${route.page}`;
}
