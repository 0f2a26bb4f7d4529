import { render } from 'preact';
import { useRef } from 'preact/hooks';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { usePreparing } from '../src/viewer/App';

afterEach(() => {
  document.body.innerHTML = '';
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('the edited cut being prepared', () => {
  it('is said while the video answers 503, and the video is asked again after Retry-After', async () => {
    vi.useFakeTimers();
    const fetch = vi.fn(async () => new Response('{"error":"being rendered"}', { status: 503, headers: { 'retry-after': '2' } }));
    vi.stubGlobal('fetch', fetch);
    let video: HTMLVideoElement | null = null;
    function Probe() {
      const ref = useRef<HTMLVideoElement>(null);
      const preparing = usePreparing(ref, '/s/t/video');
      return (
        <div>
          <video ref={(v) => void ((ref.current = v), (video = v))} />
          {preparing && <p id="preparing">The edited cut is being prepared…</p>}
        </div>
      );
    }
    const el = document.body.appendChild(document.createElement('div'));
    act(() => render(<Probe />, el));
    const load = vi.spyOn(video!, 'load').mockImplementation(() => {});
    await act(async () => {
      video!.dispatchEvent(new Event('error'));
      await vi.advanceTimersByTimeAsync(0);
    });
    expect(fetch).toHaveBeenCalledWith('/s/t/video', expect.objectContaining({ headers: { range: 'bytes=0-0' } }));
    expect(el.querySelector('#preparing')).not.toBeNull();
    await act(async () => void (await vi.advanceTimersByTimeAsync(1900)));
    expect(load).not.toHaveBeenCalled();
    await act(async () => void (await vi.advanceTimersByTimeAsync(200)));
    expect(load).toHaveBeenCalledTimes(1);
    await act(async () => void video!.dispatchEvent(new Event('loadedmetadata')));
    expect(el.querySelector('#preparing')).toBeNull();
  });
});
