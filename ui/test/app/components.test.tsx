import { render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import type { ClipView } from '../../src/app/bindings';
import { ClipCard } from '../../src/app/ClipCard';
import { LevelMeter } from '../../src/app/LevelMeter';
import { rectOf } from '../../src/app/pages/AreaSelector';
import { meterFraction } from '../../src/app/format';

const clip: ClipView = {
  id: '0190a1b2-0000-7000-8000-000000000001',
  title: 'Walkthrough <b>of</b> the design',
  created_at: '2026-11-25T09:41:00Z',
  duration_ms: 83_000,
  width: 1280,
  height: 720,
  size_bytes: 1000,
  media_url: 'http://127.0.0.1:9/k/clips/x.mp4',
  original_url: 'http://127.0.0.1:9/k/clips/x.mp4',
  media_duration_ms: 83_000,
  thumbnail_url: 'http://127.0.0.1:9/k/clips/x.jpg',
  status: 'recovered',
  recovered: true,
  tags: ['design'],
  warnings: [],
};

function mount(node: preact.ComponentChild): HTMLElement {
  const host = document.createElement('div');
  document.body.appendChild(host);
  render(node, host);
  return host;
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('ClipCard', () => {
  it('shows the thumbnail, title as text, length, tags and the recovered mark', () => {
    const el = mount(<ClipCard clip={clip} />);
    expect(el.querySelector('img')?.getAttribute('src')).toBe('http://127.0.0.1:9/k/clips/x.jpg');
    expect(el.querySelector('.title')?.textContent).toBe('Walkthrough <b>of</b> the design');
    expect(el.querySelector('b')).toBeNull();
    expect(el.querySelector('.duration')?.textContent).toBe('1:23');
    expect(el.querySelector('.badge.recovered')?.textContent).toBe('Recovered');
    expect(el.querySelector('.tag')?.textContent).toBe('design');
    expect(el.querySelector('a')?.getAttribute('href')).toBe(`#/clip/${clip.id}`);
  });

  it('says there is no preview when the clip has no thumbnail', () => {
    const el = mount(<ClipCard clip={{ ...clip, thumbnail_url: null, recovered: false, status: 'ready' }} />);
    expect(el.querySelector('img')).toBeNull();
    expect(el.textContent).toContain('No preview');
    expect(el.querySelector('.badge')).toBeNull();
  });
});

describe('ClipCard transcript', () => {
  it('shows the transcript’s progress, and a failure, but nothing once it is done', () => {
    const running = mount(<ClipCard clip={clip} transcript={{ clip_id: clip.id, status: 'running', progress: 40 }} />);
    expect(running.querySelector('.transcript-state')?.textContent).toBe('Transcribing 40%');
    const failed = mount(<ClipCard clip={clip} transcript={{ clip_id: clip.id, status: 'failed', progress: 0 }} />);
    expect(failed.querySelector('.transcript-state.failed')?.textContent).toBe('Transcript failed');
    const done = mount(<ClipCard clip={clip} transcript={{ clip_id: clip.id, status: 'done', progress: 100 }} />);
    expect(done.querySelector('.transcript-state')).toBeNull();
  });
});

describe('LevelMeter', () => {
  it('maps full scale to a full bar and silence to an empty one', () => {
    expect(meterFraction(1)).toBe(1);
    expect(meterFraction(0)).toBe(0);
    expect(meterFraction(0.001)).toBe(0); // -60 dBFS
    expect(meterFraction(0.1)).toBeCloseTo(2 / 3, 5); // -20 dBFS
  });

  it('warns about a silent microphone by name, saying what to do, only when silent', () => {
    const quiet = mount(<LevelMeter rms={0} peak={0} silent microphone="USB Mic" />);
    expect(quiet.querySelector('[role=alert]')?.textContent).toBe(
      "Afterword hears nothing from USB Mic — check it isn't muted, or pick another microphone.",
    );
    expect(quiet.querySelector('[role=meter]')?.getAttribute('aria-valuenow')).toBe('0');
    const loud = mount(<LevelMeter rms={0.5} peak={0.9} silent={false} microphone="USB Mic" />);
    expect(loud.querySelector('[role=alert]')).toBeNull();
    expect(Number(loud.querySelector('[role=meter]')?.getAttribute('aria-valuenow'))).toBeCloseTo(meterFraction(0.5), 5);
    expect((loud.querySelector('.rms') as HTMLElement).style.width).toBe('90.0%');
    expect((loud.querySelector('.peak') as HTMLElement).style.left).toBe('98.5%');
  });

  it('shows no level and no warning when no microphone is recorded', () => {
    const off = mount(<LevelMeter rms={0.5} peak={0.9} silent microphone={null} off />);
    expect(off.querySelector('[role=alert]')).toBeNull();
    expect((off.querySelector('.rms') as HTMLElement).style.width).toBe('0.0%');
    expect(off.querySelector('.hint')?.textContent).toContain('No microphone');
  });
});

describe('area selector', () => {
  it('turns a drag in any direction into a screen rectangle at the display scale', () => {
    expect(rectOf({ x0: 300, y0: 200, x1: 100, y1: 50 }, 2)).toEqual({ kind: 'area', x: 200, y: 100, width: 400, height: 300 });
  });
});
