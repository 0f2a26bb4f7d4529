import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { Timeline } from '../src/components/Timeline';
import { comment, reaction } from './fixtures';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('Timeline', () => {
  it('puts a marker per comment, a span per range and the reactions where they belong', () => {
    const el = document.body.appendChild(document.createElement('div'));
    const onSeek = vi.fn();
    const point = comment({ at_ms: 3_000 });
    const range = comment({ at_ms: 1_500, end_ms: 4_500 });
    const reply = comment({ at_ms: 3_000, parent_id: point.id });
    act(() =>
      render(
        <Timeline durationMs={6_000} currentMs={1_200} comments={[point, range, reply]} reactions={[reaction({ at_ms: 600 })]} selection={{ start: 0, end: 600 }} onSeek={onSeek} />,
        el,
      ),
    );
    const markers = [...el.querySelectorAll<HTMLElement>('.marker')];
    expect(markers.map((m) => m.style.left)).toEqual(['50%', '25%']);
    const span = el.querySelector<HTMLElement>('.span')!;
    expect([span.style.left, span.style.width]).toEqual(['25%', '50%']);
    expect(el.querySelector<HTMLElement>('.reaction-mark')?.style.left).toBe('10%');
    expect(el.querySelector<HTMLElement>('.played')?.style.width).toBe('20%');
    expect(el.querySelector<HTMLElement>('.selection')?.style.width).toBe('10%');
    act(() => markers[1].click());
    expect(onSeek).toHaveBeenCalledWith(1_500);
  });

  it('seeks on a click and selects a range on a drag', () => {
    const el = document.body.appendChild(document.createElement('div'));
    const onSeek = vi.fn();
    const onSelect = vi.fn();
    act(() => render(<Timeline durationMs={10_000} currentMs={0} comments={[]} reactions={[]} selection={null} onSeek={onSeek} onSelect={onSelect} />, el));
    const track = el.querySelector<HTMLElement>('.track')!;
    track.getBoundingClientRect = () => ({ left: 100, width: 200, top: 0, height: 28, right: 300, bottom: 28, x: 100, y: 0, toJSON: () => ({}) });
    const pointer = (type: string, clientX: number) => act(() => void track.dispatchEvent(new PointerEvent(type, { clientX, pointerId: 1, bubbles: true })));
    pointer('pointerdown', 150);
    pointer('pointerup', 150);
    expect(onSeek).toHaveBeenCalledWith(2_500);
    expect(onSelect).not.toHaveBeenCalled();
    pointer('pointerdown', 120);
    pointer('pointermove', 200);
    pointer('pointerup', 200);
    expect(onSelect).toHaveBeenLastCalledWith({ start: 1_000, end: 5_000 });
    expect(onSeek).toHaveBeenCalledTimes(1);
  });
});

describe('Timeline trim handles', () => {
  function mount() {
    const el = document.body.appendChild(document.createElement('div'));
    const onTrim = vi.fn();
    const onSelect = vi.fn();
    act(() =>
      render(<Timeline durationMs={10_000} currentMs={0} comments={[]} reactions={[]} selection={null} onSeek={() => {}} onSelect={onSelect} trim={{ onTrim }} />, el),
    );
    const track = el.querySelector<HTMLElement>('.track')!;
    track.getBoundingClientRect = () => ({ left: 100, width: 200, top: 0, height: 28, right: 300, bottom: 28, x: 100, y: 0, toJSON: () => ({}) });
    return { el, onTrim, onSelect };
  }

  it('trims the start by dragging its handle, shading what it cuts meanwhile, without selecting', () => {
    const { el, onTrim, onSelect } = mount();
    const handle = el.querySelector<HTMLElement>('.trim-handle.start')!;
    const pointer = (type: string, clientX: number) => act(() => void handle.dispatchEvent(new PointerEvent(type, { clientX, pointerId: 1, bubbles: true })));
    pointer('pointerdown', 100);
    pointer('pointermove', 140);
    expect(el.querySelector<HTMLElement>('.trimmed')?.style.width).toBe('20%');
    pointer('pointerup', 150);
    expect(onTrim).toHaveBeenCalledWith(2500, 10_000);
    expect(onSelect).not.toHaveBeenCalled();
    expect(el.querySelector('.trimmed')).toBeNull();
  });

  it('trims the end from the keyboard: arrows move the handle, Enter keeps it', () => {
    const { el, onTrim } = mount();
    const handle = el.querySelector<HTMLElement>('.trim-handle.end')!;
    const key = (k: string, shiftKey = false) => act(() => void handle.dispatchEvent(new KeyboardEvent('keydown', { key: k, shiftKey, bubbles: true })));
    key('ArrowLeft', true);
    key('ArrowLeft');
    expect(handle.getAttribute('aria-valuenow')).toBe('8900');
    expect(onTrim).not.toHaveBeenCalled();
    key('Enter');
    expect(onTrim).toHaveBeenCalledWith(0, 8900);
  });
});
