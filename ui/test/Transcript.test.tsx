import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TranscriptPanel } from '../src/components/Transcript';

const root = () => document.body.appendChild(document.createElement('div'));
afterEach(() => {
  document.body.innerHTML = '';
});

const lines = [
  { start_ms: 1_000, end_ms: 2_500, text: 'Hello <b>team</b>.' },
  { start_ms: 65_000, end_ms: 67_000, text: 'The chart shows Q3.' },
  { start_ms: 70_000, end_ms: 72_000, text: 'Questions about the chart?' },
];

const texts = (el: Element) => [...el.querySelectorAll('.line .text')].map((t) => t.textContent);

describe('TranscriptPanel', () => {
  it('lists lines with times as text, marks the spoken one, and seeks on a click', () => {
    const el = root();
    const onSeek = vi.fn();
    act(() => render(<TranscriptPanel lines={lines} currentMs={66_000} onSeek={onSeek} />, el));
    expect([...el.querySelectorAll('.line .stamp')].map((s) => s.textContent)).toEqual(['0:01', '1:05', '1:10']);
    expect(el.querySelector('b')).toBeNull();
    expect(texts(el)[0]).toBe('Hello <b>team</b>.');
    const current = el.querySelectorAll('[aria-current]');
    expect(current.length).toBe(1);
    expect(current[0].textContent).toContain('The chart shows Q3.');

    act(() => (el.querySelectorAll('button.line')[2] as HTMLButtonElement).click());
    expect(onSeek).toHaveBeenCalledWith(70_000);

    act(() => render(<TranscriptPanel lines={lines} currentMs={500} onSeek={onSeek} />, el));
    expect(el.querySelectorAll('[aria-current]').length).toBe(0);
  });

  it('narrows the lines to what the find box says, marking the matches', () => {
    const el = root();
    act(() => render(<TranscriptPanel lines={lines} currentMs={0} onSeek={() => {}} />, el));
    const find = el.querySelector('input.find') as HTMLInputElement;
    act(() => {
      find.value = 'CHART';
      find.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(texts(el)).toEqual(['The chart shows Q3.', 'Questions about the chart?']);
    expect([...el.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['chart', 'chart']);
    expect(el.querySelector('.found')?.textContent).toBe('2 of 3 lines');

    act(() => {
      find.value = 'budget';
      find.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(texts(el)).toEqual([]);
    expect(el.querySelector('.found')?.textContent).toBe('No line says “budget”');
  });

  it('offers the captions toggle and the download only when given', () => {
    const el = root();
    act(() => render(<TranscriptPanel lines={lines} currentMs={0} onSeek={() => {}} />, el));
    expect(el.querySelector('button.toggle')).toBeNull();
    expect(el.querySelector('a.download')).toBeNull();

    const onCaptions = vi.fn();
    act(() =>
      render(
        <TranscriptPanel lines={lines} currentMs={0} onSeek={() => {}} captionsOn onCaptions={onCaptions} downloadUrl="/s/t/transcript.txt" />,
        el,
      ),
    );
    const toggle = el.querySelector('button.toggle') as HTMLButtonElement;
    expect(toggle.getAttribute('aria-pressed')).toBe('true');
    act(() => toggle.click());
    expect(onCaptions).toHaveBeenCalledWith(false);
    const download = el.querySelector('a.download') as HTMLAnchorElement;
    expect(download.getAttribute('href')).toBe('/s/t/transcript.txt');
    expect(download.hasAttribute('download')).toBe(true);
    expect(download.textContent).toBe('Download transcript (.txt)');
  });

  it('corrects a line in place, and keeps it open when the save is refused', async () => {
    const el = root();
    const onCorrect = vi.fn().mockResolvedValueOnce(false).mockResolvedValueOnce(true);
    act(() => render(<TranscriptPanel lines={lines} currentMs={0} onSeek={() => {}} onCorrect={onCorrect} />, el));
    const edits = el.querySelectorAll<HTMLButtonElement>('button.edit');
    expect(edits.length).toBe(3);
    expect(edits[1].getAttribute('aria-label')).toBe('Correct the line at 1:05');
    act(() => edits[1].click());
    const box = el.querySelector('input.edit-text') as HTMLInputElement;
    expect(box.value).toBe('The chart shows Q3.');
    expect(el.querySelectorAll('button.line').length).toBe(2);
    act(() => {
      box.value = 'The chart shows Q4.';
      box.dispatchEvent(new Event('input', { bubbles: true }));
    });
    const form = el.querySelector('form.edit-line') as HTMLFormElement;
    await act(async () => void form.dispatchEvent(new Event('submit', { cancelable: true })));
    expect(onCorrect).toHaveBeenLastCalledWith(lines[1], 'The chart shows Q4.');
    expect(el.querySelector('input.edit-text')).not.toBeNull();
    await act(async () => void form.dispatchEvent(new Event('submit', { cancelable: true })));
    expect(el.querySelector('input.edit-text')).toBeNull();

    act(() => el.querySelectorAll<HTMLButtonElement>('button.edit')[0].click());
    act(() => void (el.querySelector('input.edit-text') as HTMLInputElement).dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true })));
    expect(el.querySelector('input.edit-text')).toBeNull();
    expect(onCorrect).toHaveBeenCalledTimes(2);
  });

  it('offers no editing where the reader may not correct (the viewer page)', () => {
    const el = root();
    act(() => render(<TranscriptPanel lines={lines} currentMs={0} onSeek={() => {}} />, el));
    expect(el.querySelector('button.edit')).toBeNull();
  });
});
