import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClipTranscriptView } from '../../src/app/bindings';

const commands = vi.hoisted(() => ({
  listModels: vi.fn(),
  transcribeClip: vi.fn(),
  correctTranscript: vi.fn(),
}));
vi.mock('../../src/app/bindings', () => ({ commands }));

const { ClipTranscript } = await import('../../src/app/pages/ClipTranscript');

const CLIP = '0190a1b2-0000-7000-8000-000000000001';
const done: ClipTranscriptView = {
  clip_id: CLIP,
  status: 'done',
  progress: 100,
  language: 'en',
  model: 'tiny.en',
  error: null,
  segments: [
    { start_ms: 1_000, end_ms: 3_000, text: 'Hello team.' },
    { start_ms: 4_000, end_ms: 6_000, text: 'The release is ready.' },
  ],
  vtt: 'WEBVTT\n',
};

let root: HTMLElement;
const flush = async () => {
  for (let i = 0; i < 3; i += 1) await act(() => new Promise((r) => setTimeout(r, 5)));
};
const mount = async (transcript: ClipTranscriptView | null, onTranscript = vi.fn(), onSeek = vi.fn()) => {
  render(
    <ClipTranscript clipId={CLIP} transcript={transcript} onTranscript={onTranscript} currentMs={4_500} onSeek={onSeek} captionsOn onCaptions={() => {}} />,
    root,
  );
  await flush();
  return { onTranscript, onSeek };
};

beforeEach(() => {
  root = document.createElement('div');
  document.body.append(root);
  commands.listModels.mockResolvedValue([{ name: 'tiny.en', kind: 'tiny.en', multilingual: false, bytes: 1, default: true, path: '/m' }]);
});
afterEach(() => {
  render(null, root);
  root.remove();
  vi.clearAllMocks();
});

describe('the Clip page’s transcript', () => {
  it('shows the lines, seeks from one, and files a correction', async () => {
    commands.correctTranscript.mockResolvedValue({ ...done, segments: [done.segments[0], { ...done.segments[1], text: 'The release is not ready.' }] });
    const { onTranscript, onSeek } = await mount(done);
    expect(root.querySelector('[aria-current]')?.textContent).toContain('The release is ready.');
    await act(() => (root.querySelectorAll<HTMLButtonElement>('button.line')[0]).click());
    expect(onSeek).toHaveBeenCalledWith(1_000);
    expect(root.querySelector('#transcript-note')).toBeNull();

    await act(() => root.querySelectorAll<HTMLButtonElement>('button.edit')[1].click());
    const box = root.querySelector<HTMLInputElement>('input.edit-text')!;
    box.value = 'The release is not ready.';
    await act(() => void box.dispatchEvent(new Event('input', { bubbles: true })));
    await act(() => void root.querySelector('form.edit-line')!.dispatchEvent(new Event('submit', { cancelable: true })));
    await flush();
    expect(commands.correctTranscript).toHaveBeenCalledWith(CLIP, 4_000, 'The release is not ready.');
    expect(onTranscript).toHaveBeenCalledWith(expect.objectContaining({ clip_id: CLIP }));
  });

  it('says how far a transcription is and offers nothing to start meanwhile', async () => {
    await mount({ ...done, status: 'running', progress: 40, segments: [], vtt: null });
    expect(root.querySelector('#transcript-note')?.textContent).toContain('Transcribing… 40%');
    expect(root.querySelector('progress')?.getAttribute('value')).toBe('40');
    expect(root.querySelector('#transcribe-clip')).toBeNull();
  });

  it('transcribes a clip with the language asked for, and shows the app’s hint when it cannot', async () => {
    commands.transcribeClip.mockRejectedValueOnce({ kind: 'invalid', message: 'no speech model is installed. Add a speech model in Settings' });
    await mount(null);
    expect(root.querySelector('#transcript-note')?.textContent).toBe('No transcript yet.');
    const language = root.querySelector<HTMLInputElement>('#transcribe-language')!;
    language.value = 'en';
    await act(() => void language.dispatchEvent(new Event('input', { bubbles: true })));
    expect(root.querySelector('#transcribe-clip')?.textContent).toBe('Transcribe');
    await act(() => void root.querySelector('form.transcribe-form')!.dispatchEvent(new Event('submit', { cancelable: true })));
    await flush();
    expect(commands.transcribeClip).toHaveBeenCalledWith(CLIP, 'en', null);
    expect(root.querySelector('.error')?.textContent).toBe('no speech model is installed. Add a speech model in Settings');
  });

  it('says why a transcript failed and offers to transcribe it again', async () => {
    await mount({ ...done, status: 'failed', error: 'the clip has no audio track; there is nothing to transcribe', segments: [], vtt: null });
    expect(root.querySelector('#transcript-note')?.textContent).toContain('The transcript failed: the clip has no audio track');
    expect(root.querySelector('.transcribe-again summary')?.textContent).toBe('Transcribe again…');
    expect(root.querySelector('#transcribe-clip')?.textContent).toBe('Transcribe again');
  });
});
