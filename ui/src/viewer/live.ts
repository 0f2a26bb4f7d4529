// Keeps a page current: server-sent events say when comments change on this
// server, and a slow poll catches changes made elsewhere (the CLI, the app).
// When the event stream is down, polling speeds up.

export const POLL_MS = 10_000;
export const POLL_OFFLINE_MS = 3_000;

export function watch(eventsUrl: string, refresh: () => void): () => void {
  let source: EventSource | null = null;
  let connected = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const schedule = () => {
    clearTimeout(timer);
    if (stopped) return;
    timer = setTimeout(() => {
      refresh();
      schedule();
    }, connected ? POLL_MS : POLL_OFFLINE_MS);
  };

  if (typeof EventSource !== 'undefined') {
    source = new EventSource(eventsUrl, { withCredentials: true });
    source.addEventListener('ready', () => {
      connected = true;
      schedule();
    });
    source.addEventListener('changed', () => refresh());
    source.addEventListener('error', () => {
      // EventSource reconnects by itself; meanwhile poll faster.
      connected = false;
      schedule();
    });
  }
  schedule();
  return () => {
    stopped = true;
    clearTimeout(timer);
    source?.close();
  };
}
