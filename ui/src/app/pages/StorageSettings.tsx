// Team storage in Settings: the S3-compatible targets clips are published
// to (AWS S3, R2, MinIO, Garage). Add one (its keys are read from the
// environment Afterword started with, or from an AWS profile, when it is
// used; never stored), test it with a real round trip, remove it. A failing
// target says what failed — credentials, bucket, no answer — first.
import { useEffect, useState } from 'preact/hooks';
import { commands, type StorageTargetView, type TargetFormView } from '../bindings';
import { storageProblem } from '../storage';

const EMPTY: TargetFormView = { name: '', url: '', endpoint: null, region: '', profile: null, public_url: null };

export function StorageSettings() {
  const [targets, setTargets] = useState<StorageTargetView[] | null>(null);
  const [form, setForm] = useState<TargetFormView>(EMPTY);
  const [note, setNote] = useState<{ error: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    commands.storageTargets().then(setTargets, (e) => setNote({ error: true, text: storageProblem(e) }));
  }, []);

  const act = async (what: string, run: () => Promise<string>) => {
    setNote(null);
    setBusy(what);
    try {
      setNote({ error: false, text: await run() });
    } catch (e) {
      setNote({ error: true, text: storageProblem(e) });
    } finally {
      setBusy(null);
    }
  };
  const set = (patch: Partial<TargetFormView>) => setForm({ ...form, ...patch });
  const add = (e: Event) => {
    e.preventDefault();
    void act('add', async () => {
      const added = await commands.addStorageTarget(form);
      setTargets(await commands.storageTargets());
      setForm(EMPTY);
      return `Added “${added.name}”. Test it to check that it works.`;
    });
  };
  const test = (t: StorageTargetView) =>
    void act(`test:${t.name}`, async () => {
      const ms = await commands.testStorageTarget(t.name);
      return `“${t.name}” works: a test file was written, read back and deleted in ${ms} ms.`;
    });
  const remove = (t: StorageTargetView) => {
    if (!window.confirm(`Forget the target “${t.name}”? What was published stays in the bucket.`)) return;
    void act(`remove:${t.name}`, async () => {
      const forgotten = await commands.removeStorageTarget(t.name);
      setTargets(await commands.storageTargets());
      return `Removed “${t.name}”${forgotten ? `; ${forgotten} published clip(s) forgotten, their files stay in the bucket` : ''}.`;
    });
  };

  return (
    <section class="storage-settings" id="storage-settings" aria-busy={targets || note ? undefined : 'true'}>
      <fieldset>
        <legend>Team storage</legend>
        {targets && targets.length === 0 && (
          <p class="muted" id="no-targets">
            No storage yet. Add your team’s bucket to publish clips with a link that opens anywhere the bucket is reachable.
          </p>
        )}
        {targets && targets.length > 0 && (
          <ul class="models targets" id="targets">
            {targets.map((t) => (
              <li key={t.name} data-target={t.name}>
                <strong>{t.name}</strong>
                <span class="muted">
                  {t.url} · {t.endpoint ?? 'AWS'} · {t.region} · {t.profile ? `profile ${t.profile}` : 'keys from the environment'}
                  {t.public_url ? ` · links at ${t.public_url}` : ''}
                </span>
                <button type="button" class="link" data-action="test" disabled={busy !== null} onClick={() => test(t)}>
                  {busy === `test:${t.name}` ? 'Testing…' : 'Test'}
                </button>
                <button type="button" class="link danger" data-action="remove" disabled={busy !== null} onClick={() => remove(t)}>
                  Remove
                </button>
              </li>
            ))}
          </ul>
        )}
        <form class="filters" id="add-target-form" onSubmit={add}>
          <label>
            Name <input id="target-name" size={10} placeholder="team" value={form.name} onInput={(e) => set({ name: e.currentTarget.value })} />
          </label>
          <label>
            Bucket <input id="target-url" size={24} placeholder="s3://bucket/prefix" value={form.url} onInput={(e) => set({ url: e.currentTarget.value })} />
          </label>
          <label>
            Endpoint{' '}
            <input id="target-endpoint" size={24} placeholder="AWS, or http://host:3900" value={form.endpoint ?? ''} onInput={(e) => set({ endpoint: e.currentTarget.value || null })} />
          </label>
          <label>
            Region <input id="target-region" size={10} placeholder="us-east-1" value={form.region} onInput={(e) => set({ region: e.currentTarget.value })} />
          </label>
          <label>
            AWS profile{' '}
            <input id="target-profile" size={10} placeholder="keys from the environment" value={form.profile ?? ''} onInput={(e) => set({ profile: e.currentTarget.value || null })} />
          </label>
          <label>
            Public URL{' '}
            <input id="target-public-url" size={24} placeholder="the endpoint" value={form.public_url ?? ''} onInput={(e) => set({ public_url: e.currentTarget.value || null })} />
          </label>
          <button type="submit" id="add-target" disabled={busy !== null || !form.name.trim() || !form.url.trim()}>
            Add storage
          </button>
        </form>
        <p class="muted hint">
          Keys are read when the storage is used — from the AWS profile in ~/.aws/credentials, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY — and never saved by Afterword.
          Published links point at the public URL (the bucket’s website, a CDN, R2’s public domain) when there is one, else at the endpoint, which opens only
          for a bucket anyone may read.
        </p>
      </fieldset>
      {note && (
        <p class={note.error ? 'note error' : 'note'} id="storage-note" role={note.error ? 'alert' : 'status'}>
          {note.text}
        </p>
      )}
    </section>
  );
}
