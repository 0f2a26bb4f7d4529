// Inbox: what awaits my reply (due on my own working clock, overdue first
// to catch the eye), what others owe me (due on theirs), and what was
// resolved this week. Refreshed every minute, as due times pass.
import { useEffect, useState } from 'preact/hooks';
import { commands, type InboxItemView, type InboxView } from '../bindings';
import { errorText, formatDate } from '../format';
import { href } from '../route';
import { formatIn, relativeDue } from '../workflow/due';
import { InboxIcon, ThreadIcon } from '../../components/Icon';
import { EmptyState } from '../EmptyState';
import { ThreadBadges } from './ThreadsPage';
import '../workflow/workflow.css';

export function InboxPage({ now = () => new Date() }: { now?: () => Date }) {
  const [inbox, setInbox] = useState<InboxView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    const load = () => commands.inbox().then(setInbox, (e) => setError(errorText(e)));
    void load();
    const timer = setInterval(load, 60_000);
    return () => clearInterval(timer);
  }, []);

  if (!inbox) return <section class="page inbox">{error ? <p class="error">{error}</p> : <p aria-busy="true" />}</section>;
  return (
    <section class="page inbox">
      <h1>Inbox</h1>
      <p class="muted">
        {inbox.person} · due times on your clock ({inbox.time_zone})
      </p>
      {error && <p class="error">{error}</p>}
      {inbox.awaiting_me.length + inbox.owed_to_me.length + inbox.resolved.length === 0 ? (
        <EmptyState
          id="inbox-empty"
          icon={InboxIcon}
          title="Nothing waits for you"
          action={
            <a class="button" href={href({ page: 'threads' })}>
              <ThreadIcon />
              Start a thread
            </a>
          }
        >
          Threads that need your reply, and replies others owe you, show here with when they are due.
        </EmptyState>
      ) : (
        <Sections inbox={inbox} now={now} />
      )}
    </section>
  );
}

function Sections({ inbox, now }: { inbox: InboxView; now: () => Date }) {
  const overdue = inbox.awaiting_me.filter((i) => i.overdue).length;
  return (
    <>
      <h2>
        Awaiting your reply <span class="count">{inbox.awaiting_me.length}</span>
        {overdue > 0 && <span class="badge overdue-count">{overdue} overdue</span>}
      </h2>
      <Items id="awaiting-me" items={inbox.awaiting_me} zone={() => inbox.time_zone} now={now()} empty="Nothing awaits your reply." mine />
      <h2>
        Others owe you <span class="count">{inbox.owed_to_me.length}</span>
      </h2>
      <Items id="owed-to-me" items={inbox.owed_to_me} zone={(i) => i.time_zone} now={now()} empty="Nobody owes you a reply." />
      <h2>
        Resolved this week <span class="count">{inbox.resolved.length}</span>
      </h2>
      {inbox.resolved.length === 0 ? (
        <p class="empty">Nothing resolved this week.</p>
      ) : (
        <ul class="rows" id="resolved">
          {inbox.resolved.map((t) => (
            <li key={t.id} data-thread={t.id}>
              <a href={href({ page: 'thread', id: t.id })} class="row-title">
                {t.title}
              </a>{' '}
              <span class="muted">resolved {t.resolved_at ? formatDate(t.resolved_at) : ''}</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

interface ItemsProps {
  id: string;
  items: InboxItemView[];
  zone: (i: InboxItemView) => string;
  now: Date;
  empty: string;
  mine?: boolean;
}

function Items({ id, items, zone, now, empty, mine }: ItemsProps) {
  if (items.length === 0) return <p class="empty">{empty}</p>;
  return (
    <ul class="rows inbox-items" id={id}>
      {items.map((i) => (
        <li key={`${i.thread_id}-${i.waiting_on}`} class={`inbox-item${i.overdue ? ' overdue' : ''}`} data-thread={i.thread_id}>
          <div>
            <a href={href({ page: 'thread', id: i.thread_id })} class="row-title">
              {i.title}
            </a>{' '}
            <ThreadBadges thread={{ urgency: i.urgency, needs_live: i.needs_live, resolved: false }} />
          </div>
          <div class="due">
            {mine ? 'Reply due ' : `${i.waiting_on} owes a reply, due `}
            <time dateTime={i.due_at} class="due-at">
              {formatIn(i.due_at, zone(i))}
            </time>
            {!mine && <span class="muted"> their time ({i.time_zone})</span>}
            <span class={i.overdue ? 'overdue-label' : 'muted'}> · {relativeDue(i.due_at, now)}</span>
          </div>
          <div class="muted last">
            {i.last_author}: {i.last_message || '(started the thread)'}
          </div>
        </li>
      ))}
    </ul>
  );
}
