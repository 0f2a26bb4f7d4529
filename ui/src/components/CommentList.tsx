// Comments in time order, each with its replies. Timestamps seek the video;
// the owner can resolve and delete. Names and bodies are rendered as text
// (Preact escapes them), never as HTML.
import type { Comment } from '../api';
import { formatSpan } from '../time';
import { threads } from './threads';

export interface CommentListProps {
  comments: Comment[];
  isOwner: boolean;
  onSeek: (ms: number) => void;
  onReply: (comment: Comment) => void;
  onResolve?: (comment: Comment, resolved: boolean) => void;
  onDelete?: (comment: Comment) => void;
}

export function CommentList(props: CommentListProps) {
  const list = threads(props.comments);
  if (list.length === 0) {
    return <p class="empty">No comments yet. Pause where you have something to say and press <kbd>c</kbd>.</p>;
  }
  return (
    <ol class="comments">
      {list.map((t) => (
        <li key={t.comment.id} class={`thread${t.comment.resolved ? ' resolved' : ''}`}>
          <CommentItem {...props} comment={t.comment} />
          {t.replies.length > 0 && (
            <ol class="replies">
              {t.replies.map((r) => (
                <li key={r.id}>
                  <CommentItem {...props} comment={r} reply />
                </li>
              ))}
            </ol>
          )}
        </li>
      ))}
    </ol>
  );
}

function CommentItem(props: CommentListProps & { comment: Comment; reply?: boolean }) {
  const { comment: c, isOwner, onSeek, onReply, onResolve, onDelete, reply } = props;
  return (
    <article class="comment" data-id={c.id}>
      <header>
        {!reply && (
          <button type="button" class="stamp" onClick={() => onSeek(c.at_ms)} title="Play from here">
            {formatSpan(c.at_ms, c.end_ms)}
          </button>
        )}
        <span class="author">{c.author_name}</span>
        {c.by_owner && <span class="badge">owner</span>}
        {c.resolved && <span class="badge done">resolved</span>}
      </header>
      <p class="body">{c.body}</p>
      <footer>
        <button type="button" class="link" onClick={() => onReply(c)}>
          Reply
        </button>
        {isOwner && !reply && onResolve && (
          <button type="button" class="link" onClick={() => onResolve(c, !c.resolved)}>
            {c.resolved ? 'Reopen' : 'Resolve'}
          </button>
        )}
        {isOwner && onDelete && (
          <button type="button" class="link danger" onClick={() => onDelete(c)}>
            Delete
          </button>
        )}
      </footer>
    </article>
  );
}
