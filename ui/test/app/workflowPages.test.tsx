import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClipView, DocumentView, InboxView, ThreadDetailView } from '../../src/app/bindings';
import { mount } from '../mount';

const commands = vi.hoisted(() => ({
  getDocument: vi.fn(),
  listClips: vi.fn(),
  editDocument: vi.fn(),
  embedClip: vi.fn(),
  feedback: vi.fn(),
  retagDocument: vi.fn(),
  moveToFolder: vi.fn(),
  listDocuments: vi.fn(),
  folders: vi.fn(),
  newDocument: vi.fn(),
  inbox: vi.fn(),
  getThread: vi.fn(),
  people: vi.fn(),
  postMessage: vi.fn(),
  setThreadUrgency: vi.fn(),
  recorderStatus: vi.fn(),
  searchAll: vi.fn(),
  updateMember: vi.fn(),
  addMember: vi.fn(),
  expectations: vi.fn(),
  setExpectations: vi.fn(),
}));
vi.mock('../../src/app/bindings', () => ({
  commands,
  events: { clipsChanged: { listen: vi.fn(() => Promise.resolve(() => undefined)) }, recorderStatus: { listen: vi.fn(() => Promise.resolve(() => undefined)) } },
}));

const { DocumentPage } = await import('../../src/app/pages/DocumentPage');
const { DocumentsPage } = await import('../../src/app/pages/DocumentsPage');
const { InboxPage } = await import('../../src/app/pages/InboxPage');
const { ThreadPage } = await import('../../src/app/pages/ThreadPage');
const { PeoplePage } = await import('../../src/app/pages/PeoplePage');
const { SearchPage, hitHref } = await import('../../src/app/pages/SearchPage');

const CLIP = '0190a1b2-0000-7000-8000-000000000001';
const clip: ClipView = {
  id: CLIP,
  title: 'Walkthrough',
  created_at: '2026-11-25T09:41:00Z',
  duration_ms: 83_000,
  width: 1280,
  height: 720,
  size_bytes: 1000,
  media_url: 'http://127.0.0.1:4321/m/x.mp4',
  original_url: 'http://127.0.0.1:4321/m/x.mp4',
  media_duration_ms: 83_000,
  thumbnail_url: null,
  status: 'ready',
  recovered: false,
  tags: [],
  warnings: [],
};
const doc: DocumentView = {
  id: 'doc1',
  title: 'Pricing brief',
  body: `## Context\n\nWhy <b>now</b>.\n\n## Watch before we meet\n\n![Walkthrough](clip:${CLIP})\n\n![Gone](clip:0190a1b2-0000-7000-8000-00000000dead)\n`,
  created_at: '2026-11-25T09:00:00Z',
  updated_at: '2026-11-25T10:00:00Z',
  folder: 'Sales',
  tags: ['pricing'],
  embedded: [CLIP, '0190a1b2-0000-7000-8000-00000000dead'],
  clips: [clip],
};

async function submit(el: HTMLElement, form: string) {
  await act(async () => {
    (el.querySelector(form) as HTMLFormElement).dispatchEvent(new Event('submit', { cancelable: true }));
  });
}

async function choose(el: HTMLElement, css: string, value: string) {
  const select = el.querySelector(css) as HTMLSelectElement;
  await act(async () => {
    select.value = value;
    select.dispatchEvent(new Event('change'));
  });
}

async function flush() {
  await act(async () => {
    await new Promise((r) => setTimeout(r, 0));
  });
}

beforeEach(() => {
  for (const f of Object.values(commands)) f.mockReset();
  commands.feedback.mockResolvedValue({
    comments: [
      { id: 'c1', parent_id: null, author_name: 'Ben', by_owner: false, body: 'Why this price?', at_ms: 2000, end_ms: null, resolved: false, created_at: '2026-11-25T10:00:00Z' },
    ],
    reactions: [],
  });
  commands.listClips.mockResolvedValue([clip]);
  commands.people.mockResolvedValue([]);
  commands.recorderStatus.mockResolvedValue({ phase: 'idle', live: false, countdown_secs: null, elapsed_ms: 0, level_rms: 0, level_peak: 0, silent: false, warnings: [], clip_id: null, reply_to: null });
});

afterEach(() => {
  render(null, document.body);
  document.body.innerHTML = '';
  window.location.hash = '';
});

describe('DocumentPage', () => {
  it('renders the markdown with each embedded clip as a player whose comments are one click away', async () => {
    commands.getDocument.mockResolvedValue(doc);
    const el = await mount(<DocumentPage id="doc1" />);
    expect(el.querySelector('#doc-title')?.textContent).toBe('Pricing brief');
    expect(el.querySelector('.markdown h3')?.textContent).toBe('Context');
    expect(el.querySelector('.markdown b')).toBeNull();
    expect(el.querySelector('.markdown p')?.textContent).toBe('Why <b>now</b>.');
    const video = el.querySelector(`.embed[data-clip="${CLIP}"] video`);
    expect(video?.getAttribute('src')).toBe('http://127.0.0.1:4321/m/x.mp4');
    expect(commands.feedback).toHaveBeenCalledWith(CLIP);
    const comments = el.querySelector('.embedded-comments');
    expect(comments?.querySelector('summary')?.textContent).toContain('1 open');
    expect(comments?.querySelector('.comment .body')?.textContent).toBe('Why this price?');
    expect(comments?.querySelector(`a[href="#/clip/${CLIP}"]`)).not.toBeNull();
    expect(el.querySelector('.missing-clip')?.textContent).toContain('Gone');
  });

  it('embeds a clip at the end of the document it shows', async () => {
    commands.getDocument.mockResolvedValue({ ...doc, body: 'Old', embedded: [], clips: [] });
    commands.embedClip.mockResolvedValue(doc);
    const el = await mount(<DocumentPage id="doc1" />);
    await choose(el, '#embed-clip', CLIP);
    await act(async () => (el.querySelector('#embed-clip-button') as HTMLButtonElement).click());
    await flush();
    expect(commands.embedClip).toHaveBeenCalledWith('doc1', CLIP);
    expect(el.querySelector(`.embed[data-clip="${CLIP}"] video`)).not.toBeNull();
  });

  it('while editing, embeds the clip where the cursor is and saves it with the body', async () => {
    commands.getDocument.mockResolvedValue({ ...doc, body: '## Watch\n\n## Questions\n', embedded: [], clips: [] });
    commands.editDocument.mockImplementation(async (_id: string, _t: string | null, body: string | null) => ({ ...doc, body: body ?? '' }));
    const el = await mount(<DocumentPage id="doc1" />);
    await act(async () => (el.querySelector('#doc-edit') as HTMLButtonElement).click());
    const body = el.querySelector('#doc-body') as HTMLTextAreaElement;
    body.setSelectionRange(10, 10); // after "## Watch\n\n"
    await choose(el, '#embed-clip', CLIP);
    await act(async () => (el.querySelector('#embed-clip-button') as HTMLButtonElement).click());
    expect(body.value).toBe(`## Watch\n\n![Walkthrough](clip:${CLIP})\n## Questions\n`);
    expect(commands.embedClip).not.toHaveBeenCalled();
    await act(async () => (el.querySelector('#doc-save') as HTMLButtonElement).click());
    await flush();
    expect(commands.editDocument).toHaveBeenCalledWith('doc1', null, `## Watch\n\n![Walkthrough](clip:${CLIP})\n## Questions\n`);
    expect(el.querySelector(`.embed[data-clip="${CLIP}"] video`)).not.toBeNull();
  });
});

describe('DocumentsPage', () => {
  it('creates a document from the brief template in the folder shown, and opens it', async () => {
    commands.listDocuments.mockResolvedValue([doc]);
    commands.folders.mockResolvedValue([{ path: 'Sales', clips: 0, documents: 1, threads: 0 }]);
    commands.newDocument.mockResolvedValue({ ...doc, id: 'new1' });
    const el = await mount(<DocumentsPage folder="Sales" />);
    expect(commands.listDocuments).toHaveBeenCalledWith('Sales', 500);
    expect(el.querySelector('[data-document="doc1"] .row-title')?.textContent).toBe('Pricing brief');
    expect(el.querySelector('[data-folder="Sales"]')?.className).toBe('active');
    const title = el.querySelector('#new-doc-title') as HTMLInputElement;
    await act(async () => {
      title.value = 'Q3 kickoff';
      title.dispatchEvent(new Event('input'));
    });
    await submit(el, 'form.new-document');
    await flush();
    expect(commands.newDocument).toHaveBeenCalledWith('Q3 kickoff', 'brief', 'Sales');
    expect(window.location.hash).toBe('#/document/new1');
  });
});

describe('InboxPage', () => {
  const inbox: InboxView = {
    person: 'Ben',
    time_zone: 'America/New_York',
    awaiting_me: [
      { thread_id: 't1', title: 'Onboarding flow', urgency: 'standard', needs_live: false, waiting_on: 'Ben', time_zone: 'America/New_York', since: '2026-11-25T15:00:00Z', due_at: '2026-11-26T15:00:00Z', overdue: false, last_message: '▶ a clip', last_author: 'Ana' },
      { thread_id: 't2', title: 'Release blocker', urgency: 'urgent', needs_live: true, waiting_on: 'Ben', time_zone: 'America/New_York', since: '2026-11-24T15:00:00Z', due_at: '2026-11-24T19:00:00Z', overdue: true, last_message: 'Can you look?', last_author: 'Ana' },
    ],
    owed_to_me: [
      { thread_id: 't3', title: 'Budget', urgency: 'non_urgent', needs_live: false, waiting_on: 'Ana', time_zone: 'Europe/Berlin', since: '2026-11-25T15:00:00Z', due_at: '2026-11-27T08:00:00Z', overdue: false, last_message: 'Numbers attached', last_author: 'Ben' },
    ],
    resolved: [],
  };

  it('lists what awaits my reply with the due time on my clock, overdue highlighted, and what others owe me', async () => {
    commands.inbox.mockResolvedValue(inbox);
    const el = await mount(<InboxPage now={() => new Date('2026-11-25T16:00:00Z')} />);
    const items = el.querySelectorAll('#awaiting-me .inbox-item');
    expect(items).toHaveLength(2);
    expect(items[0].querySelector('.row-title')?.textContent).toBe('Onboarding flow');
    expect(items[0].querySelector('.due-at')?.textContent).toBe('Thu 26 Nov, 10:00');
    expect(items[0].classList.contains('overdue')).toBe(false);
    expect(items[0].textContent).toContain('in 23 h');
    expect(items[1].classList.contains('overdue')).toBe(true);
    expect(items[1].textContent).toContain('overdue');
    expect(items[1].querySelector('.badge.live')).not.toBeNull();
    expect(el.querySelector('.badge.overdue-count')?.textContent).toBe('1 overdue');
    const owed = el.querySelector('#owed-to-me .inbox-item');
    expect(owed?.textContent).toContain('Ana owes a reply');
    expect(owed?.querySelector('.due-at')?.textContent).toBe('Fri 27 Nov, 09:00');
    expect(el.textContent).toContain('Nothing resolved this week.');
  });
});

describe('ThreadPage', () => {
  const detail: ThreadDetailView = {
    thread: { id: 't1', title: 'Onboarding flow', urgency: 'standard', due_at: null, resolved: false, resolved_at: null, needs_live: false, created_at: '2026-11-25T09:00:00Z', folder: '', message_count: 2, participants: ['Ana', 'Ben'], tags: [] },
    messages: [
      { id: 'm1', author_name: 'Ana', by_me: false, body: 'Which one? <img src=x>', clip, created_at: '2026-11-25T09:00:00Z' },
      { id: 'm2', author_name: 'Ben', by_me: true, body: 'Looking', clip: null, created_at: '2026-11-25T09:05:00Z' },
    ],
  };

  it('shows text and clip messages, when my reply is due, and posts a text reply', async () => {
    commands.getThread.mockResolvedValue(detail);
    commands.inbox.mockResolvedValue({
      person: 'Ben',
      time_zone: 'America/New_York',
      awaiting_me: [{ thread_id: 't1', title: 'Onboarding flow', urgency: 'standard', needs_live: false, waiting_on: 'Ben', time_zone: 'America/New_York', since: '2026-11-25T15:00:00Z', due_at: '2026-11-26T15:00:00Z', overdue: true, last_message: '', last_author: 'Ana' }],
      owed_to_me: [],
      resolved: [],
    });
    commands.postMessage.mockResolvedValue(detail);
    const el = await mount(<ThreadPage id="t1" />);
    const first = el.querySelector('[data-message="m1"]');
    expect(first?.querySelector('.body')?.textContent).toBe('Which one? <img src=x>');
    expect(first?.querySelector('img')).toBeNull();
    expect(first?.querySelector('video')?.getAttribute('src')).toBe('http://127.0.0.1:4321/m/x.mp4');
    expect(el.querySelector('[data-message="m2"]')?.classList.contains('mine')).toBe(true);
    const due = el.querySelector('#thread-due');
    expect(due?.textContent).toContain('Your reply is due Thu 26 Nov, 10:00');
    expect(due?.classList.contains('overdue-label')).toBe(true);
    expect(el.querySelector('#reply-record')?.textContent).toBe('Reply with a recording');
    const text = el.querySelector('#reply-text') as HTMLTextAreaElement;
    await act(async () => {
      text.value = 'Short one';
      text.dispatchEvent(new Event('input'));
    });
    await submit(el, 'form.reply');
    await flush();
    expect(commands.postMessage).toHaveBeenCalledWith('t1', 'Short one', null);
  });

  it('changes the urgency and reloads, so the due time shown follows', async () => {
    commands.getThread.mockResolvedValue(detail);
    commands.inbox.mockResolvedValue({ person: 'Ben', time_zone: 'UTC', awaiting_me: [], owed_to_me: [], resolved: [] });
    commands.setThreadUrgency.mockResolvedValue({ ...detail.thread, urgency: 'urgent' });
    const el = await mount(<ThreadPage id="t1" />);
    expect((el.querySelector('#thread-urgency') as HTMLSelectElement).value).toBe('standard');
    const loads = commands.inbox.mock.calls.length;
    await choose(el, '#thread-urgency', 'urgent');
    await flush();
    expect(commands.setThreadUrgency).toHaveBeenCalledWith('t1', 'urgent');
    expect(commands.inbox.mock.calls.length).toBeGreaterThan(loads);
  });
});

describe('one loading pattern', () => {
  it('a document or thread that will not load says why, in words, on its page', async () => {
    commands.getDocument.mockRejectedValue({ message: 'no document with id doc9' });
    commands.getThread.mockRejectedValue({ message: 'no thread with id t9' });
    commands.inbox.mockResolvedValue(null);
    const docPage = await mount(<DocumentPage id="doc9" />);
    expect(docPage.querySelector('section.page .error')?.textContent).toBe('no document with id doc9');
    const threadPage = await mount(<ThreadPage id="t9" />);
    expect(threadPage.querySelector('section.page .error')?.textContent).toBe('no thread with id t9');
  });
});

describe('SearchPage', () => {
  it('sends the filters and shows hits with matches marked, as text', async () => {
    commands.searchAll.mockResolvedValue([
      { kind: 'comment', id: 'c1', title: 'Walkthrough', snippet: 'the [pricing] <i>page</i>', clip_id: CLIP, at_ms: 2000, thread_id: null, created_at: '2026-11-25T10:00:00Z' },
    ]);
    const el = await mount(<SearchPage />);
    const q = el.querySelector('#search-query') as HTMLInputElement;
    const tag = el.querySelector('#filter-tag') as HTMLInputElement;
    await act(async () => {
      q.value = 'pricing';
      q.dispatchEvent(new Event('input'));
    });
    await act(async () => {
      tag.value = 'sales';
      tag.dispatchEvent(new Event('input'));
    });
    await act(async () => (el.querySelector('input[name=kind][value=comment]') as HTMLInputElement).click());
    await act(async () => (el.querySelector('#filter-unresolved') as HTMLInputElement).click());
    await submit(el, 'form');
    await flush();
    expect(commands.searchAll).toHaveBeenCalledWith('pricing', { kinds: ['comment'], tag: 'sales', author: null, folder: null, since: null, until: null, unresolved: true }, 100);
    expect(el.querySelector('.hits mark')?.textContent).toBe('pricing');
    expect(el.querySelector('.hits i')).toBeNull();
    expect(el.querySelector('.hits .row-title')?.getAttribute('href')).toBe(`#/clip/${CLIP}`);
  });

  it('shows a spoken word as where it was said, opening the clip at that moment', async () => {
    commands.searchAll.mockResolvedValue([
      { kind: 'transcript', id: CLIP, title: 'Weekly demo', snippet: 'check the [pricing] page', clip_id: CLIP, at_ms: 83_400, thread_id: null, created_at: '2026-11-25T10:00:00Z' },
    ]);
    const el = await mount(<SearchPage />);
    expect(el.querySelector('input[name=kind][value=transcript]')?.parentElement?.textContent).toContain('Spoken words');
    await submit(el, 'form');
    await flush();
    const hit = el.querySelector('.hits li[data-kind=transcript]')!;
    expect(hit.querySelector('.badge')?.textContent).toBe('said');
    expect(hit.querySelector('.row-title')?.textContent).toBe('said at 1:23 in Weekly demo');
    expect(hit.querySelector('.row-title')?.getAttribute('href')).toBe(`#/clip/${CLIP}/83400`);
    expect(hit.querySelector('mark')?.textContent).toBe('pricing');
  });

  it('opens each kind of hit where it lives', () => {
    const base = { title: '', snippet: '', clip_id: null, at_ms: null, thread_id: null, created_at: '' };
    expect(hitHref({ ...base, kind: 'message', id: 'm1', thread_id: 't1' })).toBe('#/thread/t1');
    expect(hitHref({ ...base, kind: 'document', id: 'd1' })).toBe('#/document/d1');
    expect(hitHref({ ...base, kind: 'thread', id: 't2' })).toBe('#/thread/t2');
    expect(hitHref({ ...base, kind: 'transcript', id: 'c1', clip_id: 'c1', at_ms: 83_400 })).toBe('#/clip/c1/83400');
  });
});

describe('PeoplePage', () => {
  it('saves a member calendar and shows the library refusal in words', async () => {
    commands.people.mockResolvedValue([{ id: 'p1', name: 'Ana', is_me: true, time_zone: 'Europe/Berlin', hours: '09:00-17:00', days: 'mon,tue,wed,thu,fri' }]);
    commands.expectations.mockResolvedValue({ urgent: '4h', standard: '1d', non_urgent: '3d' });
    commands.updateMember.mockRejectedValue({ kind: 'invalid', message: 'working hours 17:00-09:00 end before they start; the end must be later the same day' });
    const el = await mount(<PeoplePage />);
    expect((el.querySelector('#expect-standard') as HTMLInputElement).value).toBe('1d');
    const row = el.querySelector('[data-person="p1"]') as HTMLElement;
    expect(row.textContent).toContain('(you)');
    const hours = row.querySelector('input[name=hours]') as HTMLInputElement;
    await act(async () => {
      hours.value = '17-9';
      hours.dispatchEvent(new Event('input'));
    });
    await act(async () => (row.querySelector('.save-member') as HTMLButtonElement).click());
    await flush();
    expect(commands.updateMember).toHaveBeenCalledWith('p1', { name: 'Ana', time_zone: 'Europe/Berlin', hours: '17-9', days: 'mon,tue,wed,thu,fri' });
    expect(el.querySelector('[role=alert]')?.textContent).toContain('end before they start');
  });
});
