// Thread: its messages (text, or a clip as a player), a reply in words or
// with a recording made right here, and the thread's settings: needs a
// live talk, urgency, who is in it, resolve, tags and folder.
import { DoneIcon, RecordDot, ResetIcon, SendIcon, StopSquare } from '../../components/Icon';
import { useEffect, useState } from 'preact/hooks';
import { formatMs } from '../../time';
import { commands, events, type InboxItemView, type PersonView, type ThreadDetailView, type UrgencyView } from '../bindings';
import { formatDate } from '../format';
import { ErrorLine, PageLoading, usePageAction } from '../pageState';
import { useRecorder } from '../useRecorder';
import { formatIn, relativeDue, URGENCY_LABEL } from '../workflow/due';
import { EmbeddedClip } from '../workflow/EmbeddedClip';
import { TagsAndFolder } from '../workflow/TagsAndFolder';
import { ThreadBadges } from './ThreadsPage';
import '../workflow/workflow.css';

export function ThreadPage({ id }: { id: string }) {
  const [detail, setDetail] = useState<ThreadDetailView | null>(null);
  const [people, setPeople] = useState<PersonView[]>([]);
  const [text, setText] = useState('');
  const [invite, setInvite] = useState('');
  const { busy, error, fail, run: act } = usePageAction();
  const [recorder] = useRecorder();
  const [waiting, setWaiting] = useState<{ mine: InboxItemView[]; theirs: InboxItemView[]; zone: string }>({ mine: [], theirs: [], zone: 'UTC' });

  const load = async () => {
    await commands.getThread(id).then(setDetail, fail);
    const inbox = await commands.inbox().catch(() => null);
    if (inbox) {
      const here = (items: InboxItemView[]) => items.filter((i) => i.thread_id === id);
      setWaiting({ mine: here(inbox.awaiting_me), theirs: here(inbox.owed_to_me), zone: inbox.time_zone });
    }
  };
  useEffect(() => {
    void load();
    commands.people().then(setPeople, () => undefined);
    // A reply recorded here is posted by the shell when it is kept, whichever
    // control stops it; the thread shows it once the clip is announced.
    const unlisten = events.clipsChanged.listen(() => void load());
    return () => void unlisten.then((f) => f());
  }, [id]);

  const run = (what: () => Promise<unknown>) => act(what, load);

  if (!detail) return <PageLoading error={error} />;
  const { thread, messages } = detail;
  const replying = recorder.live && recorder.reply_to === id;
  const recordingElsewhere = recorder.live && !replying;
  const invitable = people.filter((p) => !thread.participants.includes(p.name));

  return (
    <section class="page thread">
      <div class="main-col">
        <header>
          <h1 id="thread-title">{thread.title}</h1>
          <p class="meta">
            <ThreadBadges thread={thread} /> <span class="muted">with {thread.participants.join(', ')}</span>
          </p>
        </header>
        {waiting.mine.map((i) => (
          <p key="mine" class={`due${i.overdue ? ' overdue-label' : ''}`} id="thread-due">
            Your reply is due {formatIn(i.due_at, waiting.zone)} ({relativeDue(i.due_at)})
          </p>
        ))}
        {waiting.theirs.map((i) => (
          <p key={i.waiting_on} class="due muted">
            {i.waiting_on} owes a reply, due {formatIn(i.due_at, i.time_zone)} their time ({relativeDue(i.due_at)})
          </p>
        ))}
        <ErrorLine error={error} />
        <ol class="messages">
          {messages.length === 0 && <li class="empty">No messages yet.</li>}
          {messages.map((m) => (
            <li key={m.id} class={`message${m.by_me ? ' mine' : ''}`} data-message={m.id}>
              <header>
                <strong class="author">{m.author_name}</strong> <span class="muted">{formatDate(m.created_at)}</span>
              </header>
              {m.body && <p class="body">{m.body}</p>}
              {m.clip && <EmbeddedClip clip={m.clip} />}
            </li>
          ))}
        </ol>
        {!thread.resolved && (
          <form
            class="reply"
            onSubmit={(e) => {
              e.preventDefault();
              void run(() => commands.postMessage(id, text, null)).then((ok) => ok && setText(''));
            }}
          >
            <textarea id="reply-text" placeholder="Reply…" value={text} onInput={(e) => setText(e.currentTarget.value)} rows={3} />
            <div class="controls">
              <button type="submit" class="primary" id="reply-send" disabled={busy || !text.trim()}>
                <SendIcon />
                Send
              </button>
              {!replying && (
                <button type="button" id="reply-record" disabled={busy || recordingElsewhere} onClick={() => void run(() => commands.recordStart({ kind: 'screen' }, id))}>
                  <RecordDot />
                  Reply with a recording
                </button>
              )}
              {replying && (
                <>
                  <span class={`phase phase-${recorder.phase}`} id="reply-phase">
                    {recorder.phase === 'countdown' ? `Starting in ${recorder.countdown_secs ?? 0}…` : `Recording ${formatMs(recorder.elapsed_ms)}`}
                  </span>
                  <button type="button" class="primary" id="reply-stop" disabled={busy} onClick={() => void run(() => commands.recordStop())}>
                    <StopSquare />
                    Stop and post
                  </button>
                  <button type="button" class="danger" onClick={() => void run(() => commands.recordDiscard())}>
                    Discard
                  </button>
                </>
              )}
            </div>
            {recordingElsewhere && <p class="hint">Another recording is running; stop it first.</p>}
          </form>
        )}
      </div>
      <aside class="tools">
        <button type="button" id="thread-resolve" disabled={busy} onClick={() => void run(() => commands.resolveThread(id, !thread.resolved))}>
          {thread.resolved ? <ResetIcon /> : <DoneIcon />}
          {thread.resolved ? 'Reopen' : 'Resolve'}
        </button>
        <label>
          Urgency
          <select id="thread-urgency" value={thread.urgency} disabled={busy} onChange={(e) => void run(() => commands.setThreadUrgency(id, e.currentTarget.value as UrgencyView))}>
            {(Object.keys(URGENCY_LABEL) as UrgencyView[]).map((u) => (
              <option key={u} value={u}>
                {URGENCY_LABEL[u]}
              </option>
            ))}
          </select>
        </label>
        <label class="check">
          <input type="checkbox" id="thread-live" checked={thread.needs_live} disabled={busy} onChange={(e) => void run(() => commands.setNeedsLive(id, e.currentTarget.checked))} /> Needs a live
          talk
        </label>
        <label>
          Invite
          <select id="thread-invite" value={invite} onChange={(e) => setInvite(e.currentTarget.value)}>
            <option value="">Choose a member…</option>
            {invitable.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" disabled={!invite || busy} onClick={() => void run(() => commands.inviteToThread(id, [invite])).then(() => setInvite(''))}>
          Invite
        </button>
        <TagsAndFolder
          key={thread.id}
          tags={thread.tags}
          folder={thread.folder}
          onRetag={(add, remove) => commands.retagThread(id, add, remove)}
          onMove={(folder) => commands.moveToFolder('thread', id, folder)}
        />
      </aside>
    </section>
  );
}
