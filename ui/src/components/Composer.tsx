// Writing a comment: at the moment it was started, over a selected range, or
// as a reply. The name field is remembered by the caller (see storage.ts);
// the owner posts as themself and sees no name field.
import type { Ref } from 'preact';
import { useState } from 'preact/hooks';
import type { Comment, NewComment } from '../api';
import { formatMs, formatSpan } from '../time';
import type { Selection } from './Timeline';
import { CommentIcon } from './Icon';

export interface ComposerProps {
  /** The moment a new comment is pinned to. */
  atMs: number;
  selection: Selection | null;
  replyTo: Comment | null;
  isOwner: boolean;
  name: string;
  busy?: boolean;
  error?: string | null;
  bodyRef?: Ref<HTMLTextAreaElement>;
  onName: (name: string) => void;
  onFocus?: () => void;
  onRepin: () => void;
  onMarkStart: () => void;
  onMarkEnd: () => void;
  onClearSelection: () => void;
  onCancelReply: () => void;
  onSubmit: (comment: NewComment) => Promise<boolean>;
}

export function Composer(props: ComposerProps) {
  const [body, setBody] = useState('');
  const { atMs, selection, replyTo, isOwner, name } = props;

  const submit = async (e: Event) => {
    e.preventDefault();
    const c: NewComment = { body };
    if (!isOwner) c.name = name;
    if (replyTo) c.parent_id = replyTo.id;
    else if (selection) {
      c.at_ms = selection.start;
      c.end_ms = selection.end;
    } else c.at_ms = atMs;
    if (await props.onSubmit(c)) setBody('');
  };

  const where = replyTo
    ? `Replying to ${replyTo.author_name} at ${formatSpan(replyTo.at_ms, replyTo.end_ms)}`
    : selection
      ? `Over ${formatSpan(selection.start, selection.end)}`
      : `At ${formatMs(atMs)}`;

  return (
    <form class="composer" onSubmit={submit}>
      <div class="where">
        <strong class="pin">{where}</strong>
        {replyTo ? (
          <button type="button" class="link" onClick={props.onCancelReply}>
            Cancel reply
          </button>
        ) : (
          <span class="pins">
            <button type="button" class="link" onClick={props.onRepin} title="Pin to where the video is now">
              Now
            </button>
            <button type="button" class="link" onClick={props.onMarkStart}>
              Range start
            </button>
            <button type="button" class="link" onClick={props.onMarkEnd}>
              Range end
            </button>
            {selection && (
              <button type="button" class="link" onClick={props.onClearSelection}>
                Clear range
              </button>
            )}
          </span>
        )}
      </div>
      {!isOwner && (
        <input
          class="name"
          name="name"
          placeholder="Your name"
          maxLength={80}
          autoComplete="name"
          value={name}
          onInput={(e) => props.onName((e.currentTarget as HTMLInputElement).value)}
          required
        />
      )}
      <textarea
        ref={props.bodyRef}
        class="body"
        name="body"
        rows={3}
        maxLength={10000}
        placeholder={replyTo ? 'Write a reply' : 'Write a comment (press c while watching)'}
        value={body}
        onFocus={props.onFocus}
        onInput={(e) => setBody((e.currentTarget as HTMLTextAreaElement).value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) void submit(e);
        }}
        required
      />
      {props.error && (
        <p class="error" role="alert">
          {props.error}
        </p>
      )}
      <button type="submit" class="primary" disabled={props.busy || body.trim() === '' || (!isOwner && name.trim() === '')}>
        <CommentIcon />
        {replyTo ? 'Reply' : 'Comment'}
      </button>
    </form>
  );
}
