// What failed at a storage target, as the Settings and Clip pages headline
// it above the shell's message (which already says what to do).

const PROBLEMS: Record<string, string> = {
  storage_credentials: 'Credentials',
  storage_bucket: 'Bucket',
  storage_unreachable: 'No answer',
  storage_interrupted: 'Connection dropped',
  storage_full: 'Bucket full',
};

/** "Credentials: <message>" for a storage failure, else the message alone. */
export function storageProblem(e: unknown): string {
  const err = e && typeof e === 'object' ? (e as { kind?: unknown; message?: unknown }) : null;
  const message = err && 'message' in err ? String(err.message) : String(e);
  const headline = err && typeof err.kind === 'string' ? PROBLEMS[err.kind] : undefined;
  return headline ? `${headline}: ${message}` : message;
}

/** 5 of 8 MB → 62 (a whole percent, 0 while the total is unknown). */
export function percentOf(done: number, total: number): number {
  return total > 0 ? Math.min(100, Math.floor((done * 100) / total)) : 0;
}
