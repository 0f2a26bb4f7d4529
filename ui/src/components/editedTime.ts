// Edited time: an edit keeps ranges of the original media, and everything
// the page shows (the clock, the timeline, comments, reactions, the
// transcript) is on the edited timeline. Until the render of an edit is
// ready the page plays the original and jumps over what was removed; this
// is the one place that knows which file plays: the rest of the page reads
// and seeks in edited milliseconds only.

/** A kept range of the original media, in ms (`[start_ms, end_ms)`). */
export interface KeptRange {
  start_ms: number;
  end_ms: number;
}

export class EditedTimeline {
  /**
   * `kept`: what plays of the original file being played, in order; `null`
   * when the file plays the edit as it is (the render, or an unedited clip).
   */
  constructor(readonly kept: KeptRange[] | null) {}

  /** The file plays the edit as it is: times pass through. */
  get direct(): boolean {
    return this.kept == null;
  }

  /** How long the edit plays; `null` when the file says (direct). */
  get durationMs(): number | null {
    return this.kept?.reduce((sum, r) => sum + (r.end_ms - r.start_ms), 0) ?? null;
  }

  /** The edited moment of a moment of the file; a removed moment maps to the join after it. */
  toEdited(fileMs: number): number {
    if (!this.kept) return fileMs;
    let before = 0;
    for (const r of this.kept) {
      if (fileMs < r.start_ms) return before;
      if (fileMs < r.end_ms) return before + (fileMs - r.start_ms);
      before += r.end_ms - r.start_ms;
    }
    return before;
  }

  /** The moment of the file that plays at an edited moment (the end plays the last kept moment's end). */
  toFile(editedMs: number): number {
    if (!this.kept || this.kept.length === 0) return editedMs;
    let left = Math.max(0, editedMs);
    for (const r of this.kept) {
      const len = r.end_ms - r.start_ms;
      if (left < len) return r.start_ms + left;
      left -= len;
    }
    return this.kept[this.kept.length - 1].end_ms;
  }

  /**
   * Where playback at `fileMs` must go on: `null` inside a kept range (play
   * on), the next kept range's start in a removed part, `'end'` past the last.
   */
  skip(fileMs: number): number | 'end' | null {
    if (!this.kept) return null;
    for (const r of this.kept) {
      if (fileMs < r.start_ms) return r.start_ms;
      if (fileMs < r.end_ms) return null;
    }
    return 'end';
  }
}

/** A `<video>` seen in edited time: read and seek in edited ms; `tick` skips removed parts. */
export function editedVideo(video: HTMLVideoElement | null, timeline: EditedTimeline) {
  return {
    /** Where playback is, in edited ms. */
    nowMs(): number {
      return video ? Math.round(timeline.toEdited(video.currentTime * 1000)) : 0;
    },
    /** Plays from an edited moment. */
    seek(editedMs: number) {
      if (video) video.currentTime = timeline.toFile(editedMs) / 1000;
    },
    /**
     * Called as playback moves: jumps over a removed part (or stops at the
     * end of the edit), then says where playback is in edited ms.
     */
    tick(): number {
      if (!video) return 0;
      const next = timeline.skip(video.currentTime * 1000);
      if (next === 'end') {
        if (!video.paused) video.pause();
        const end = timeline.toFile(timeline.durationMs ?? 0) / 1000;
        if (Math.abs(video.currentTime - end) > 0.05) video.currentTime = end;
      } else if (next != null) {
        video.currentTime = next / 1000;
      }
      return Math.round(timeline.toEdited(video.currentTime * 1000));
    },
  };
}
