// Emoji reactions pinned to the current moment, and a tally of those given.
import type { Reaction } from '../api';
import { Emoji } from './Emoji';

export const EMOJI = ['👍', '❤️', '😂', '🎉', '😮', '👀', '🙏', '🔥'];

export interface ReactionsProps {
  reactions: Reaction[];
  disabled?: boolean;
  onReact: (emoji: string) => void;
}

export function Reactions({ reactions, disabled, onReact }: ReactionsProps) {
  const counts = new Map<string, number>();
  for (const r of reactions) counts.set(r.emoji, (counts.get(r.emoji) ?? 0) + 1);
  return (
    <div class="reactions" role="group" aria-label="React at this moment">
      {EMOJI.map((e) => (
        <button key={e} type="button" class="react" disabled={disabled} onClick={() => onReact(e)} aria-label={`React ${e} here`}>
          <Emoji emoji={e} />
          {counts.get(e) ? <span class="count">{counts.get(e)}</span> : null}
        </button>
      ))}
    </div>
  );
}
