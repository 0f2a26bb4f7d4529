import { describe, expect, it } from 'vitest';
import { percentOf, storageProblem } from '../../src/app/storage';

describe('storage failures', () => {
  it('say what failed before what to do', () => {
    const e = { kind: 'storage_unreachable', message: 'http://127.0.0.1:1 does not answer' };
    expect(storageProblem(e)).toBe('No answer: http://127.0.0.1:1 does not answer');
    expect(storageProblem({ kind: 'storage_credentials', message: 'refused' })).toBe('Credentials: refused');
    expect(storageProblem({ kind: 'invalid', message: 'bad URL' })).toBe('bad URL');
  });

  it('count progress in whole percents', () => {
    expect(percentOf(5, 8)).toBe(62);
    expect(percentOf(3, 0)).toBe(0);
    expect(percentOf(9, 8)).toBe(100);
  });
});
