// Document: the markdown rendered with its clips as players (their comments
// a click away), an editor for the title and body, embedding a clip from
// the library, and its tags and folder.
import { EditIcon, LibraryIcon } from '../../components/Icon';
import { useEffect, useRef, useState } from 'preact/hooks';
import { commands, type ClipView, type DocumentView } from '../bindings';
import { formatDate } from '../format';
import { ErrorLine, PageLoading, usePageAction } from '../pageState';
import { EmbeddedClip, MissingClip } from '../workflow/EmbeddedClip';
import { Markdown } from '../workflow/Markdown';
import { TagsAndFolder } from '../workflow/TagsAndFolder';
import '../workflow/workflow.css';

export function DocumentPage({ id }: { id: string }) {
  const [doc, setDoc] = useState<DocumentView | null>(null);
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const [library, setLibrary] = useState<ClipView[]>([]);
  const [toEmbed, setToEmbed] = useState('');
  const { busy, error, fail, run: act } = usePageAction();
  const editor = useRef<HTMLTextAreaElement>(null);

  const show = (d: DocumentView) => {
    setDoc(d);
    setTitle(d.title);
    setBody(d.body);
  };
  useEffect(() => {
    commands.getDocument(id).then(show, fail);
    commands.listClips({ search: null, tag: null, status: null, limit: 200 }).then(setLibrary, () => undefined);
  }, [id]);

  const run = (what: () => Promise<DocumentView>) => act(what, show);

  if (!doc) return <PageLoading error={error} />;
  const dirty = title !== doc.title || body !== doc.body;
  const save = () => run(() => commands.editDocument(id, title === doc.title ? null : title, body === doc.body ? null : body));
  /** While editing, the player goes where the cursor is (saved with the body); otherwise at the end. */
  const embed = async () => {
    const clip = library.find((c) => c.id === toEmbed);
    if (!clip) return;
    const at = editor.current?.selectionStart;
    if (editing && at != null) {
      const line = `![${clip.title.replace(/[[\]]/g, '')}](clip:${clip.id})`;
      const before = body.slice(0, at);
      setBody(`${before}${before === '' || before.endsWith('\n') ? '' : '\n'}${line}\n${body.slice(at)}`);
      setToEmbed('');
      return;
    }
    if (await run(() => commands.embedClip(id, clip.id))) setToEmbed('');
  };
  const clipById = new Map(doc.clips.map((c) => [c.id, c]));
  const renderClip = (clipId: string, clipTitle: string) => {
    const clip = clipById.get(clipId);
    return clip ? <EmbeddedClip clip={clip} /> : <MissingClip title={clipTitle} />;
  };

  return (
    <section class="page document">
      <div class="main-col">
        <header class="doc-header">
          {editing ? (
            <input id="doc-title" class="title-input" value={title} onInput={(e) => setTitle(e.currentTarget.value)} aria-label="Title" />
          ) : (
            <h1 id="doc-title">{doc.title}</h1>
          )}
          <div class="controls">
            {editing ? (
              <>
                <button type="button" class="primary" id="doc-save" disabled={busy || !dirty} onClick={() => void save().then((ok) => ok && setEditing(false))}>
                  Save
                </button>
                <button
                  type="button"
                  onClick={() => {
                    setEditing(false);
                    show(doc);
                  }}
                >
                  Cancel
                </button>
              </>
            ) : (
              <button type="button" id="doc-edit" onClick={() => setEditing(true)}>
                <EditIcon />
                Edit
              </button>
            )}
          </div>
        </header>
        <ErrorLine error={error} />
        {editing ? (
          <textarea id="doc-body" ref={editor} class="doc-editor" value={body} onInput={(e) => setBody(e.currentTarget.value)} rows={24} aria-label="Body (markdown)" />
        ) : (
          <Markdown source={doc.body} renderClip={renderClip} />
        )}
      </div>
      <aside class="tools">
        <p class="muted">
          Edited {formatDate(doc.updated_at)}
          <br />
          Created {formatDate(doc.created_at)}
        </p>
        <label>
          Embed a clip
          <select id="embed-clip" value={toEmbed} onChange={(e) => setToEmbed(e.currentTarget.value)}>
            <option value="">Choose a clip…</option>
            {library.map((c) => (
              <option key={c.id} value={c.id}>
                {c.title}
              </option>
            ))}
          </select>
        </label>
        <button type="button" id="embed-clip-button" disabled={!toEmbed || busy} onClick={() => void embed()}>
          <LibraryIcon />
          {editing ? 'Embed at the cursor' : 'Embed at the end'}
        </button>
        <p class="hint">Or write <code>![title](clip:ID)</code> where the player should go.</p>
        <TagsAndFolder
          key={doc.id}
          tags={doc.tags}
          folder={doc.folder}
          onRetag={(add, remove) => commands.retagDocument(id, add, remove)}
          onMove={(folder) => commands.moveToFolder('document', id, folder)}
        />
      </aside>
    </section>
  );
}
