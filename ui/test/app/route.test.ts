import { describe, expect, it } from 'vitest';
import { href, parseRoute } from '../../src/app/route';

describe('app routes', () => {
  it('opens the Library when there is no hash', () => {
    expect(parseRoute('')).toEqual({ page: 'library' });
    expect(parseRoute('#/nonsense')).toEqual({ page: 'library' });
    expect(parseRoute('#/record')).toEqual({ page: 'record' });
  });

  it('round-trips a clip route with an id', () => {
    const route = { page: 'clip' as const, id: '0190-abc' };
    expect(parseRoute(href(route))).toEqual(route);
  });

  it('opens a clip at a moment, and ignores a moment that is not one', () => {
    const route = { page: 'clip' as const, id: '0190-abc', at: 83_000 };
    expect(href(route)).toBe('#/clip/0190-abc/83000');
    expect(parseRoute(href(route))).toEqual(route);
    expect(parseRoute('#/clip/0190-abc/soon')).toEqual({ page: 'clip', id: '0190-abc' });
  });

  it('sends a clip route without an id to the library', () => {
    expect(parseRoute('#/clip/')).toEqual({ page: 'library' });
  });

  it('gives the helper windows their own routes', () => {
    expect(parseRoute('#/control')).toEqual({ page: 'control' });
    expect(parseRoute('#/area')).toEqual({ page: 'area' });
  });
});
