// The Clip page's transcript: the shared transcript panel (click a line to
// seek, the spoken line follows playback, find, captions on/off) with lines
// corrected in place, where the making of it stands (waiting, a percentage,
// no speech, failed and why), and Transcribe / Transcribe again with a
// language and a model. The transcriber runs what is asked for; the page
// follows its events (useClipTranscript).
import { useEffect, useState } from 'preact/hooks';
import { TranscriptPanel } from '../../components/Transcript';
import { commands, type ClipTranscriptView, type ModelView } from '../bindings';
import { ErrorLine, usePageAction } from '../pageState';
import { inProgress, transcriptNote } from '../transcript';

export interface ClipTranscriptProps {
  clipId: string;
  transcript: ClipTranscriptView | null;
  onTranscript: (t: ClipTranscriptView) => void;
  currentMs: number;
  onSeek: (ms: number) => void;
  captionsOn: boolean;
  onCaptions: (on: boolean) => void;
}

export function ClipTranscript(props: ClipTranscriptProps) {
  const { clipId, transcript, onTranscript } = props;
  const [models, setModels] = useState<ModelView[]>([]);
  const [language, setLanguage] = useState('');
  const [model, setModel] = useState('');
  const { busy, error, run } = usePageAction();
  useEffect(() => {
    void commands.listModels().then(setModels, () => undefined);
  }, []);

  const lines = transcript?.segments ?? [];
  const note = transcriptNote(transcript);
  const working = transcript != null && inProgress(transcript.status);
  const transcribe = (e: Event) => {
    e.preventDefault();
    void run(() => commands.transcribeClip(clipId, language.trim() || null, model || null), onTranscript);
  };
  const form = (
    <form class="transcribe-form filters" onSubmit={transcribe}>
      <label>
        Language{' '}
        <input id="transcribe-language" size={6} placeholder="auto" value={language} onInput={(e) => setLanguage(e.currentTarget.value)} />
      </label>
      <label>
        Model{' '}
        <select id="transcribe-model" value={model} onChange={(e) => setModel(e.currentTarget.value)}>
          <option value="">Default</option>
          {models.map((m) => (
            <option key={m.name} value={m.name}>
              {m.name}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" id="transcribe-clip" disabled={busy}>
        {transcript ? 'Transcribe again' : 'Transcribe'}
      </button>
    </form>
  );

  return (
    <div class="clip-transcript" id="clip-transcript" data-status={transcript?.status ?? 'none'}>
      {lines.length > 0 && (
        <TranscriptPanel
          lines={lines}
          currentMs={props.currentMs}
          onSeek={props.onSeek}
          captionsOn={props.captionsOn}
          onCaptions={props.onCaptions}
          onCorrect={(line, text) => run(() => commands.correctTranscript(clipId, line.start_ms, text), onTranscript)}
        />
      )}
      {note && (
        <p class="transcript-note" id="transcript-note" role="status">
          {note}
          {working && transcript.status === 'running' && <progress max={100} value={transcript.progress} />}
        </p>
      )}
      {!working &&
        (transcript ? (
          <details class="transcribe-again">
            <summary>Transcribe again…</summary>
            {form}
          </details>
        ) : (
          form
        ))}
      <ErrorLine error={error} />
    </div>
  );
}
