// The password form of a protected link. The server sets a cookie once the
// password is right, and counts wrong guesses.
import { useState } from 'preact/hooks';
import { ApiError, type ShareApi } from '../api';
import { LockIcon } from '../components/Icon';
import { Brand } from './Brand';

export function Unlock({ api, onUnlocked }: { api: ShareApi; onUnlocked: () => void }) {
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api.unlock(password);
      onUnlocked();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'could not unlock the link; try again');
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="viewer narrow">
      <Brand />
      <form class="unlock" onSubmit={submit}>
        <LockIcon class="state-icon" />
        <h1>This clip is password-protected</h1>
        <p>Enter the password you were given with the link.</p>
        <input
          type="password"
          name="password"
          autoComplete="current-password"
          aria-label="Password"
          value={password}
          onInput={(e) => setPassword((e.currentTarget as HTMLInputElement).value)}
          required
          autoFocus
        />
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy || password === ''}>
          <LockIcon />
          Unlock
        </button>
      </form>
    </main>
  );
}
