// Transcription in Settings: whether new recordings and imports are
// transcribed by themselves and in which language, and the speech models
// (the default, remove, add a ggml file by its path). Kept in the library,
// so the CLI reads the same; each change applies at once, apart from the
// app's settings form above. Nothing is downloaded by the app: the page
// says where a person can download a model over HTTPS.
import { useEffect, useState } from 'preact/hooks';
import { commands, type ModelView, type TranscriptionSettingsView } from '../bindings';
import { errorText, formatBytes } from '../format';

/** Where whisper.cpp's ggml models can be downloaded. */
export const MODELS_URL = 'https://huggingface.co/ggerganov/whisper.cpp/tree/main';

export function TranscriptionSettings() {
  const [s, setS] = useState<TranscriptionSettingsView | null>(null);
  const [models, setModels] = useState<ModelView[]>([]);
  const [path, setPath] = useState('');
  const [name, setName] = useState('');
  const [note, setNote] = useState<{ error: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    commands.transcriptionSettings().then(setS, (e) => setNote({ error: true, text: errorText(e) }));
    void commands.listModels().then(setModels, () => undefined);
  }, []);

  const act = async (what: () => Promise<string>) => {
    setNote(null);
    setBusy(true);
    try {
      setNote({ error: false, text: await what() });
    } catch (e) {
      setNote({ error: true, text: errorText(e) });
    } finally {
      setBusy(false);
    }
  };
  // The default model is the list's; the form saves it as it stands now.
  const save = (e: Event) => {
    e.preventDefault();
    if (!s) return;
    void act(async () => {
      const model = models.find((m) => m.default)?.name ?? null;
      setS(await commands.setTranscriptionSettings({ ...s, model, language: s.language?.trim() || null }));
      return 'Transcription settings saved.';
    });
  };
  const add = (e: Event) => {
    e.preventDefault();
    void act(async () => {
      const added = await commands.addModel(path.trim(), name.trim() || null);
      setModels(await commands.listModels());
      setPath('');
      setName('');
      return `Added the model “${added.name}” (${added.kind}).`;
    });
  };
  const remove = (m: ModelView) => {
    if (!window.confirm(`Remove the model “${m.name}”? Its copy in the library is deleted.`)) return;
    void act(async () => {
      setModels(await commands.removeModel(m.name));
      return `Removed “${m.name}”.`;
    });
  };
  const makeDefault = (m: ModelView) =>
    void act(async () => {
      setModels(await commands.setDefaultModel(m.name));
      return `Transcriptions use “${m.name}” unless told otherwise.`;
    });

  return (
    <section class="transcription" id="transcription-settings" aria-busy={s || note ? undefined : 'true'}>
      {s && (
        <form onSubmit={save}>
          <fieldset>
            <legend>Transcription (on this computer)</legend>
            <label>
              <input id="transcribe-automatic" type="checkbox" checked={s.automatic} onChange={(e) => setS({ ...s, automatic: e.currentTarget.checked })} /> Transcribe
              new recordings and imports by themselves
            </label>
            <label>
              Language{' '}
              <input id="transcription-language" size={6} placeholder="auto" value={s.language ?? ''} onInput={(e) => setS({ ...s, language: e.currentTarget.value })} />
              <span class="muted">a two-letter code such as en or de; empty (or auto) detects it</span>
            </label>
            <button type="submit" id="save-transcription" disabled={busy}>
              Save transcription settings
            </button>
          </fieldset>
        </form>
      )}
      <fieldset>
        <legend>Speech models</legend>
        {models.length === 0 ? (
          <p class="muted" id="no-models">
            No speech model is installed: nothing is transcribed until one is added.
          </p>
        ) : (
          <ul class="models" id="models">
            {models.map((m) => (
              <li key={m.name} data-model={m.name}>
                <strong>{m.name}</strong>
                <span class="muted">
                  {m.kind} · {formatBytes(m.bytes)} · {m.multilingual ? 'many languages' : 'English only'}
                </span>
                {m.default ? (
                  <span class="badge">default</span>
                ) : (
                  <button type="button" class="link" disabled={busy} onClick={() => makeDefault(m)}>
                    Make default
                  </button>
                )}
                <button type="button" class="link danger" disabled={busy} onClick={() => remove(m)}>
                  Remove
                </button>
              </li>
            ))}
          </ul>
        )}
        <form class="filters" id="add-model-form" onSubmit={add}>
          <label>
            Model file <input id="model-path" size={36} placeholder="~/Downloads/ggml-base.bin" value={path} onInput={(e) => setPath(e.currentTarget.value)} />
          </label>
          <label>
            Name <input id="model-name" size={10} placeholder="from the file" value={name} onInput={(e) => setName(e.currentTarget.value)} />
          </label>
          <button type="submit" id="add-model" disabled={busy || path.trim() === ''}>
            Add model
          </button>
        </form>
        <p class="muted hint models-source" id="models-source">
          Models are whisper.cpp ggml files (ggml-tiny.en.bin, ggml-base.bin, …). Download one over HTTPS in your browser from <code>{MODELS_URL}</code>, then add
          it here.
        </p>
      </fieldset>
      {note && (
        <p class={note.error ? 'note error' : 'note'} id="transcription-note" role={note.error ? 'alert' : 'status'}>
          {note.text}
        </p>
      )}
    </section>
  );
}
