// Threads: async conversations, newest first, each with its urgency and
// whether it needs a live talk; and a new one, with whom and how urgent.
import { useEffect, useState } from 'preact/hooks';
import { commands, type PersonView, type ThreadView, type UrgencyView } from '../bindings';
import { errorText, formatDate } from '../format';
import { href } from '../route';
import { AddIcon, ThreadIcon } from '../../components/Icon';
import { EmptyState } from '../EmptyState';
import { URGENCY_LABEL } from '../workflow/due';
import '../workflow/workflow.css';

export function ThreadsPage() {
  const [threads, setThreads] = useState<ThreadView[] | null>(null);
  const [people, setPeople] = useState<PersonView[]>([]);
  const [all, setAll] = useState(false);
  const [title, setTitle] = useState('');
  const [urgency, setUrgency] = useState<UrgencyView>('standard');
  const [invited, setInvited] = useState<string[]>([]);
  const [live, setLive] = useState(false);
  const [message, setMessage] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    commands.listThreads(all, null, 500).then(setThreads, (e) => setError(errorText(e)));
  }, [all]);
  useEffect(() => {
    commands.people().then(setPeople, () => undefined);
  }, []);

  const create = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      const t = await commands.newThread({ title, urgency, participants: invited, needs_live: live, message: message.trim() || null });
      window.location.hash = href({ page: 'thread', id: t.id });
    } catch (err) {
      setError(errorText(err));
    }
  };
  const others = people.filter((p) => !p.is_me);

  return (
    <section class="page threads">
      <h1>Threads</h1>
      <details class="new-thread" open={threads?.length === 0}>
        <summary>Start a thread</summary>
        <form onSubmit={create} class="stack">
          <input id="new-thread-title" placeholder="What is it about?" value={title} onInput={(e) => setTitle(e.currentTarget.value)} required />
          <label>
            Reply expected{' '}
            <select id="new-thread-urgency" value={urgency} onChange={(e) => setUrgency(e.currentTarget.value as UrgencyView)}>
              {(Object.keys(URGENCY_LABEL) as UrgencyView[]).map((u) => (
                <option key={u} value={u}>
                  {URGENCY_LABEL[u]}
                </option>
              ))}
            </select>
          </label>
          <fieldset>
            <legend>With</legend>
            {others.length === 0 && <p class="hint">Add team members on the People page first.</p>}
            {others.map((p) => (
              <label key={p.id}>
                <input
                  type="checkbox"
                  name="participant"
                  value={p.id}
                  checked={invited.includes(p.id)}
                  onChange={(e) => setInvited(e.currentTarget.checked ? [...invited, p.id] : invited.filter((x) => x !== p.id))}
                />{' '}
                {p.name} <span class="muted">({p.time_zone})</span>
              </label>
            ))}
          </fieldset>
          <label>
            <input type="checkbox" checked={live} onChange={(e) => setLive(e.currentTarget.checked)} /> Needs a live talk
          </label>
          <textarea id="new-thread-message" placeholder="Opening message (optional)" value={message} onInput={(e) => setMessage(e.currentTarget.value)} rows={3} />
          <button type="submit" class="primary" id="new-thread-create">
            <AddIcon />
            Start thread
          </button>
        </form>
      </details>
      {error && <p class="error">{error}</p>}
      <label class="toggle">
        <input type="checkbox" checked={all} onChange={(e) => setAll(e.currentTarget.checked)} /> Show resolved
      </label>
      {threads && threads.length === 0 && (
        <EmptyState icon={ThreadIcon} title="No open threads.">
          A thread is a question with an owner and a due time. Ask one with the form above; replies can be clips.
        </EmptyState>
      )}
      <ul class="rows thread-list">
        {threads?.map((t) => (
          <li key={t.id} data-thread={t.id} class={t.resolved ? 'resolved' : ''}>
            <a href={href({ page: 'thread', id: t.id })} class="row-title">
              {t.title}
            </a>{' '}
            <ThreadBadges thread={t} />
            <span class="muted">
              {' '}
              {t.participants.join(', ')} · {t.message_count} message{t.message_count === 1 ? '' : 's'} · {formatDate(t.created_at)}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ThreadBadges({ thread }: { thread: Pick<ThreadView, 'urgency' | 'needs_live' | 'resolved'> }) {
  return (
    <>
      <span class={`badge urgency-${thread.urgency}`}>{URGENCY_LABEL[thread.urgency]}</span>
      {thread.needs_live && <span class="badge live">Needs a live talk</span>}
      {thread.resolved && <span class="badge done">Resolved</span>}
    </>
  );
}
