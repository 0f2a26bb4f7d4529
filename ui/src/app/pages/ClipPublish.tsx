// Publish to team storage from the Clip page: one button per target, a
// progress bar while it uploads, and the published page's link on the
// clipboard when it is up. Publishing again after a quit or a dropped
// connection sends only what is missing (the shell keeps the journal).
import { Channel } from '@tauri-apps/api/core';
import { useEffect, useState } from 'preact/hooks';
import { commands, type ClipView, type PublicationView, type PublishProgress, type StorageTargetView } from '../bindings';
import { formatBytes } from '../format';
import { percentOf, storageProblem } from '../storage';
import { href } from '../route';
import { PublishIcon } from '../../components/Icon';

export function ClipPublish({ clip }: { clip: ClipView }) {
  const [targets, setTargets] = useState<StorageTargetView[]>([]);
  const [published, setPublished] = useState<PublicationView[]>([]);
  const [running, setRunning] = useState<string | null>(null);
  const [progress, setProgress] = useState<PublishProgress | null>(null);
  const [note, setNote] = useState<{ error: boolean; text: string } | null>(null);

  useEffect(() => {
    void commands.storageTargets().then(setTargets, () => undefined);
    void commands.publications(clip.id).then(setPublished, () => undefined);
  }, [clip.id]);

  const publish = async (target: string) => {
    setNote(null);
    setRunning(target);
    setProgress(null);
    const channel = new Channel<PublishProgress>();
    channel.onmessage = setProgress;
    try {
      const done = await commands.publishClip(clip.id, target, channel);
      setPublished(await commands.publications(clip.id));
      const resumed = done.parts_resumed ? `, resumed after ${done.parts_resumed} part(s) already there` : '';
      setNote({ error: false, text: `Published to ${target} (${formatBytes(done.bytes_sent)} sent${resumed}). The link is on the clipboard.` });
    } catch (e) {
      setNote({ error: true, text: storageProblem(e) });
    } finally {
      setRunning(null);
    }
  };

  if (targets.length === 0) {
    return (
      <p class="muted hint" id="publish-none">
        To give a link that opens outside this computer, add your team’s storage in <a href={href({ page: 'settings' })}>Settings</a>.
      </p>
    );
  }
  const pct = progress ? (progress.rendering ?? percentOf(progress.sent_bytes, progress.total_bytes)) : 0;
  return (
    <div class="publish" id="publish">
      {targets.map((t) => (
        <button type="button" key={t.name} data-target={t.name} class="publish-to" disabled={running !== null} onClick={() => void publish(t.name)}>
          <PublishIcon />
          {running === t.name ? `Publishing to ${t.name}…` : `Publish to ${t.name}`}
        </button>
      ))}
      {running && (
        <p class="hint" id="publish-progress" role="status">
          {progress?.rendering != null ? 'Rendering the edit…' : progress ? `${formatBytes(progress.sent_bytes)} of ${formatBytes(progress.total_bytes)}` : 'Starting…'}{' '}
          <progress max={100} value={pct} data-percent={pct} />
        </p>
      )}
      {published.map((p) =>
        p.link ? (
          <p class="published muted" key={p.target} data-published={p.target}>
            On {p.target}: <code class="link-out">{p.link}</code>
          </p>
        ) : null,
      )}
      {note && (
        <p class={note.error ? 'note error' : 'note'} id="publish-note" role={note.error ? 'alert' : 'status'}>
          {note.text}
        </p>
      )}
    </div>
  );
}
