// Documents: the team's hub pages, listed by folder (most recently edited
// first), and a new one started from a template — a pre-meeting brief, a
// decision record, or blank.
import { useEffect, useState } from 'preact/hooks';
import { commands, type DocumentView, type FolderView } from '../bindings';
import { errorText, formatDate } from '../format';
import { AddIcon, DocumentIcon } from '../../components/Icon';
import { EmptyState } from '../EmptyState';
import { href } from '../route';
import '../workflow/workflow.css';

export const TEMPLATES = [
  { id: 'brief', label: 'Pre-meeting brief' },
  { id: 'decision', label: 'Decision record' },
  { id: 'blank', label: 'Blank' },
] as const;

export function DocumentsPage({ folder }: { folder?: string }) {
  const [docs, setDocs] = useState<DocumentView[] | null>(null);
  const [folders, setFolders] = useState<FolderView[]>([]);
  const [title, setTitle] = useState('');
  const [template, setTemplate] = useState<string>('brief');
  const [into, setInto] = useState(folder ?? '');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    setInto(folder ?? '');
    commands.listDocuments(folder ?? null, 500).then(setDocs, (e) => setError(errorText(e)));
    commands.folders().then((f) => setFolders(f.filter((x) => x.documents > 0)), () => undefined);
  }, [folder]);

  const create = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      const doc = await commands.newDocument(title, template, into);
      window.location.hash = href({ page: 'document', id: doc.id });
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <section class="page documents">
      <h1>Documents{folder ? ` — ${folder}` : ''}</h1>
      <form class="new-document filters" onSubmit={create}>
        <input id="new-doc-title" placeholder="Title of a new document" value={title} onInput={(e) => setTitle(e.currentTarget.value)} required />
        <select id="new-doc-template" value={template} onChange={(e) => setTemplate(e.currentTarget.value)} aria-label="Template">
          {TEMPLATES.map((t) => (
            <option key={t.id} value={t.id}>
              {t.label}
            </option>
          ))}
        </select>
        <input id="new-doc-folder" placeholder="Folder (optional)" value={into} onInput={(e) => setInto(e.currentTarget.value)} />
        <button type="submit" class="primary" id="new-doc-create">
          <AddIcon />
          Create
        </button>
      </form>
      {error && <p class="error">{error}</p>}
      <div class="split">
        <nav class="folders" aria-label="Folders">
          <a href={href({ page: 'documents' })} class={folder ? '' : 'active'}>
            All documents
          </a>
          {folders.map((f) => (
            <a key={f.path} href={href({ page: 'documents', folder: f.path })} class={f.path === folder ? 'active' : ''} data-folder={f.path}>
              {f.path} <span class="count">{f.documents}</span>
            </a>
          ))}
        </nav>
        {docs && docs.length === 0 && (
          <EmptyState icon={DocumentIcon} title="No documents here yet.">
            Start one from a template above: a brief, meeting notes or a decision, with clips embedded where they help.
          </EmptyState>
        )}
        {docs && docs.length > 0 && (
          <ul class="rows doc-list">
            {docs.map((d) => (
              <li key={d.id} data-document={d.id}>
                <a href={href({ page: 'document', id: d.id })} class="row-title">
                  {d.title}
                </a>
                <span class="muted">
                  {' '}
                  {formatDate(d.updated_at)}
                  {d.folder && ` · ${d.folder}`}
                  {d.clips.length > 0 && ` · ${d.clips.length} clip${d.clips.length === 1 ? '' : 's'}`}
                </span>
                {d.tags.map((t) => (
                  <span key={t} class="tag">
                    {t}
                  </span>
                ))}
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
