// The share server's JSON API for one link (`/s/<token>/api/...`), typed.
// Components never call it directly: they take data and callbacks, so the
// desktop app can back them with its own commands.

// What the server sends is generated from the share crate's Rust views
// (`./viewer/types.ts`); the names here are the ones the components use.
import type { CommentView, FeedbackView, LinkView, ReactionView, SegmentView, TranscriptView } from './viewer/types';

export type LinkInfo = LinkView;
export type Comment = CommentView;
export type Reaction = ReactionView;
export type Feedback = FeedbackView;
export type Transcript = TranscriptView;
export type TranscriptLine = SegmentView;

export interface NewComment {
  name?: string;
  body: string;
  at_ms?: number;
  end_ms?: number;
  parent_id?: string;
}

/** A refusal from the server: its one-line message and a stable code. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
  ) {
    super(message);
  }
}

export class ShareApi {
  readonly base: string;

  constructor(readonly token: string) {
    this.base = `/s/${encodeURIComponent(token)}`;
  }

  /** The token of the link this page was opened at. */
  static fromLocation(loc: Location = window.location): ShareApi {
    const match = /^\/s\/([^/]+)/.exec(loc.pathname);
    return new ShareApi(match ? decodeURIComponent(match[1]) : '');
  }

  get videoUrl(): string {
    return `${this.base}/video`;
  }
  get downloadUrl(): string {
    return `${this.base}/download`;
  }
  /** The transcript as WebVTT, for the video's captions track. */
  get captionsUrl(): string {
    return `${this.base}/captions.vtt`;
  }
  /** The transcript as a text file, when the link allows downloads. */
  get transcriptUrl(): string {
    return `${this.base}/transcript.txt`;
  }
  get eventsUrl(): string {
    return `${this.base}/api/events`;
  }

  link(): Promise<LinkInfo> {
    return this.call('GET', '/api/link');
  }
  feedback(): Promise<Feedback> {
    return this.call('GET', '/api/comments');
  }
  postComment(c: NewComment): Promise<Comment> {
    return this.call('POST', '/api/comments', c);
  }
  react(name: string | undefined, at_ms: number, emoji: string): Promise<Reaction> {
    return this.call('POST', '/api/reactions', { name, at_ms, emoji });
  }
  unlock(password: string): Promise<unknown> {
    return this.call('POST', '/api/unlock', { password });
  }
  claimOwner(key: string): Promise<unknown> {
    return this.call('POST', '/api/owner', { key });
  }
  resolve(id: string, resolved: boolean): Promise<Comment> {
    return this.call('POST', `/api/comments/${encodeURIComponent(id)}/resolve`, { resolved });
  }
  remove(id: string): Promise<unknown> {
    return this.call('DELETE', `/api/comments/${encodeURIComponent(id)}`);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const init: RequestInit = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
    if (body !== undefined) {
      init.headers = { ...init.headers, 'content-type': 'application/json' };
      init.body = JSON.stringify(body);
    }
    let response: Response;
    try {
      response = await fetch(this.base + path, init);
    } catch {
      throw new ApiError('cannot reach the share server; check the connection and try again', 0, 'offline');
    }
    const data = (await response.json().catch(() => ({}))) as { error?: string; code?: string };
    if (!response.ok) {
      throw new ApiError(data.error ?? `the server answered ${response.status}`, response.status, data.code ?? 'unknown');
    }
    return data as T;
  }
}
