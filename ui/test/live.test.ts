import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { POLL_MS, POLL_OFFLINE_MS, watch } from '../src/viewer/live';

class FakeEventSource {
  static last: FakeEventSource | null = null;
  listeners = new Map<string, (() => void)[]>();
  closed = false;
  constructor(readonly url: string) {
    FakeEventSource.last = this;
  }
  addEventListener(type: string, fn: () => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  emit(type: string) {
    for (const fn of this.listeners.get(type) ?? []) fn();
  }
  close() {
    this.closed = true;
  }
}

describe('live updates', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.stubGlobal('EventSource', FakeEventSource);
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  it('refetches when the server says a comment changed, and polls slowly as a fallback', () => {
    const refresh = vi.fn();
    const stop = watch('/s/t/api/events', refresh);
    const source = FakeEventSource.last!;
    expect(source.url).toBe('/s/t/api/events');
    source.emit('ready');
    source.emit('changed');
    expect(refresh).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(POLL_MS - 1);
    expect(refresh).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(refresh).toHaveBeenCalledTimes(2);
    stop();
    expect(source.closed).toBe(true);
    vi.advanceTimersByTime(POLL_MS * 3);
    expect(refresh).toHaveBeenCalledTimes(2);
  });

  it('polls every few seconds while the event stream is down', () => {
    const refresh = vi.fn();
    const stop = watch('/s/t/api/events', refresh);
    FakeEventSource.last!.emit('error');
    vi.advanceTimersByTime(POLL_OFFLINE_MS * 3);
    expect(refresh).toHaveBeenCalledTimes(3);
    stop();
  });
});
