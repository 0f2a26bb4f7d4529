// The owner's tools for one clip: copy link, publish to team storage
// (ClipPublish), share options (expiry,
// password, download), rename, tags, attach to a document or thread,
// export (the clip as edited, rendered first if need be; Save as… asks
// the desktop's file chooser where) with progress,
// delete.
import { Channel } from '@tauri-apps/api/core';
import { save } from '@tauri-apps/plugin-dialog';
import { useEffect, useState } from 'preact/hooks';
import { commands, type ClipView, type ExportProgress, type PlaceView } from '../bindings';
import { errorText, formatBytes } from '../format';
import { href } from '../route';
import { ClipPublish } from './ClipPublish';
import { DeleteIcon, DownloadIcon, FolderIcon, LinkIcon } from '../../components/Icon';

export function ClipTools({ clip, onChanged }: { clip: ClipView; onChanged: (c: ClipView) => void }) {
  const [link, setLink] = useState<string | null>(null);
  const [title, setTitle] = useState(clip.title);
  const [tags, setTags] = useState(clip.tags.join(', '));
  const [expiry, setExpiry] = useState('');
  const [password, setPassword] = useState('');
  const [download, setDownload] = useState(true);
  const [places, setPlaces] = useState<PlaceView[]>([]);
  const [place, setPlace] = useState('');
  const [dest, setDest] = useState('');
  const [progress, setProgress] = useState<ExportProgress | null>(null);
  const [note, setNote] = useState<string | null>(null);

  useEffect(() => {
    void commands.places().then(setPlaces, () => undefined);
    void commands.appInfo().then((i) => setDest(`${i.library_folder}/exports/${clip.title.replace(/[^\w.-]+/g, '_')}.mp4`));
  }, [clip.id, clip.title]);

  const act = async (what: () => Promise<string | void>) => {
    setNote(null);
    try {
      const msg = await what();
      if (msg) setNote(msg);
    } catch (e) {
      setNote(errorText(e));
    }
  };

  const saveTags = async () => {
    const want = tags.split(',').map((t) => t.trim()).filter(Boolean);
    const now = await commands.retagClip(clip.id, want.filter((t) => !clip.tags.includes(t)), clip.tags.filter((t) => !want.includes(t)));
    onChanged({ ...clip, tags: now });
    return 'Tags saved.';
  };

  const exportFile = async (to = dest) => {
    const channel = new Channel<ExportProgress>();
    channel.onmessage = setProgress;
    await commands.exportClip(clip.id, to, channel);
    return `Exported to ${to}`;
  };
  // "Save as…": the desktop's own file chooser, then the same export.
  const exportAs = async () => {
    const to = await save({ title: 'Export clip', defaultPath: dest, filters: [{ name: 'MP4 video', extensions: ['mp4'] }] });
    if (!to) return;
    setDest(to);
    return exportFile(to);
  };

  return (
    <aside class="tools">
      <button type="button" class="primary" id="copy-link" onClick={() => void act(async () => setLink(await commands.copyLink(clip.id)))}>
        <LinkIcon />
        Copy link
      </button>
      {link && <code class="link-out" id="link">{link}</code>}
      <ClipPublish clip={clip} />

      <details>
        <summary>Share options</summary>
        <label>
          Expires after{' '}
          <select value={expiry} onChange={(e) => setExpiry(e.currentTarget.value)}>
            <option value="">never</option>
            <option value="24">1 day</option>
            <option value="168">1 week</option>
            <option value="720">30 days</option>
          </select>
        </label>
        <label>
          Password <input type="password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} placeholder="none" />
        </label>
        <label>
          <input type="checkbox" checked={download} onChange={(e) => setDownload(e.currentTarget.checked)} /> Allow download
        </label>
        <button
          type="button"
          onClick={() =>
            void act(async () => {
              const options = { expires_in_hours: expiry ? Number(expiry) : null, password: password || null, allow_download: download };
              setLink(await commands.shareClip(clip.id, options));
            })
          }
        >
          Make link
        </button>
      </details>

      <label>
        Title <input id="rename" value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
      </label>
      <button type="button" onClick={() => void act(async () => (onChanged(await commands.renameClip(clip.id, title)), 'Renamed.'))}>
        Rename
      </button>

      <label>
        Tags <input value={tags} onInput={(e) => setTags(e.currentTarget.value)} placeholder="design, review" />
      </label>
      <button type="button" onClick={() => void act(saveTags)}>
        Save tags
      </button>

      <label>
        Attach to{' '}
        <select value={place} onChange={(e) => setPlace(e.currentTarget.value)}>
          <option value="">{places.length ? 'a document or thread…' : 'no documents or threads yet'}</option>
          {places.map((p) => (
            <option key={p.id} value={p.id}>
              {p.kind === 'thread' ? 'Thread: ' : 'Doc: '}
              {p.title}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        disabled={!place}
        onClick={() =>
          void act(async () => {
            const p = places.find((x) => x.id === place);
            if (p) await commands.attachClip(clip.id, p);
            return `Attached to ${p?.title}.`;
          })
        }
      >
        Attach
      </button>

      <label>
        Export to <input value={dest} readOnly />
      </label>
      <button type="button" onClick={() => void act(() => exportFile())}>
        <DownloadIcon />
        Export
      </button>
      <button type="button" id="export-as" onClick={() => void act(exportAs)}>
        <FolderIcon />
        Save as…
      </button>
      {progress && progress.rendering != null && (
        <p class="hint" id="export-rendering">
          Rendering the edit… {progress.rendering} % <progress max={100} value={progress.rendering} />
        </p>
      )}
      {progress && progress.rendering == null && (
        <progress max={progress.total_bytes || 1} value={progress.copied_bytes} title={`${formatBytes(progress.copied_bytes)} of ${formatBytes(progress.total_bytes)}`} />
      )}

      <button
        type="button"
        class="danger"
        onClick={() =>
          void act(async () => {
            if (!window.confirm(`Delete “${clip.title}” with its comments and links? This cannot be undone.`)) return;
            await commands.deleteClip(clip.id);
            window.location.hash = href({ page: 'library' });
          })
        }
      >
        <DeleteIcon />
        Delete clip
      </button>
      {note && <p class="note">{note}</p>}
    </aside>
  );
}
