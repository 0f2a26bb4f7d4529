// "Reply with a recording": a recording started from a thread is posted to
// that thread when it stops — whether it is stopped from the thread page,
// the floating control, the tray or the hotkey (the shell announces every
// finished clip). Each recording is posted once; a discarded one never.
import { commands, events, type RecorderView } from '../bindings';

export interface ReplyDeps {
  start: () => Promise<RecorderView>;
  stop: () => Promise<RecorderView>;
  discard: () => Promise<RecorderView>;
  post: (thread: string, clip: string) => Promise<unknown>;
  /** Calls back with the id of every clip that finished recording. */
  onFinished: (cb: (clipId: string) => void) => void;
}

export class ReplyRecorder {
  /** clip id -> thread id, for recordings not yet posted. */
  private pending = new Map<string, string>();
  private listening = false;
  private posted: ((thread: string) => void)[] = [];

  constructor(private deps: ReplyDeps) {}

  /** Starts recording a reply to `thread`; returns the recorder's state. */
  async start(thread: string): Promise<RecorderView> {
    this.listen();
    const view = await this.deps.start();
    if (view.clip_id) this.pending.set(view.clip_id, thread);
    return view;
  }

  /** Stops the reply recording and posts it. */
  async stop(): Promise<RecorderView> {
    const view = await this.deps.stop();
    await Promise.all([...this.pending.keys()].map((clip) => this.finished(clip)));
    return view;
  }

  async discard(): Promise<RecorderView> {
    this.pending.clear();
    return this.deps.discard();
  }

  /** The thread a live reply recording is for, if any. */
  threadOf(clipId: string | null): string | null {
    return (clipId && this.pending.get(clipId)) || null;
  }

  /** Called with the thread id after each reply is posted. */
  onPosted(cb: (thread: string) => void): () => void {
    this.posted.push(cb);
    return () => {
      this.posted = this.posted.filter((f) => f !== cb);
    };
  }

  private listen() {
    if (this.listening) return;
    this.listening = true;
    this.deps.onFinished((clip) => void this.finished(clip));
  }

  private async finished(clip: string) {
    const thread = this.pending.get(clip);
    if (!thread) return;
    this.pending.delete(clip);
    await this.deps.post(thread, clip);
    this.posted.forEach((cb) => cb(thread));
  }
}

/** The app's one reply recorder, over the shell's commands and events. */
export const replies = new ReplyRecorder({
  start: () => commands.recordStart({ kind: 'screen' }),
  stop: () => commands.recordStop(),
  discard: () => commands.recordDiscard(),
  post: (thread, clip) => commands.postMessage(thread, null, clip),
  onFinished: (cb) => {
    void events.clipsChanged.listen((e) => e.payload.clip_id && cb(e.payload.clip_id));
  },
});
