// The Clip page's edit bar: how long the clip plays, where its render
// stands ("Rendering… 40 %", "Ready to share"), Cut this part (the range
// selected on the timeline), Undo and Reset. Trimming is the timeline's
// handles; the page calls `trim` here. The edit and its render follow the
// commands' answers and the renderer's `RenderChanged` events.
import { CutIcon, ResetIcon, UndoIcon } from '../../components/Icon';
import { useEffect, useState } from 'preact/hooks';
import type { Selection } from '../../components/Timeline';
import { formatMs, formatSpan } from '../../time';
import { commands, events, type EditView, type RangeView, type RenderView } from '../bindings';
import type { PageAction } from '../pageState';

/** The edit of clip `id`, its undo history, and the changes the page can make. */
export function useClipEdit(id: string, action: PageAction) {
  const [edit, setEdit] = useState<EditView | null>(null);
  const [undo, setUndo] = useState<RangeView[][]>([]);
  useEffect(() => {
    setUndo([]);
    commands.getEdit(id).then(setEdit, action.fail);
    const un = events.renderChanged.listen(({ payload }) => {
      if (payload.render.clip_id === id) setEdit((e) => e && { ...e, render: merged(e, payload.render) });
    });
    return () => void un.then((f) => f());
  }, [id]);

  const change = (what: () => Promise<EditView>, undoable = true) =>
    action.run(what, (next) => {
      if (edit && undoable) setUndo((u) => [...u, edit.kept]);
      setEdit(next);
    });
  return {
    edit,
    canUndo: undo.length > 0,
    trim: (start: number, end: number) =>
      change(() => commands.trimClip(id, start > 0 ? start : null, edit && end < edit.duration_ms ? end : null)),
    cut: (s: Selection) => change(() => commands.cutClip(id, Math.round(s.start), Math.round(s.end))),
    reset: () => change(() => commands.resetEdit(id)),
    undo: async () => {
      const last = undo[undo.length - 1];
      if (!last) return false;
      const ok = await change(() => commands.restoreEdit(id, last), false);
      if (ok) setUndo((u) => u.slice(0, -1));
      return ok;
    },
  };
}

/** A render event for this edit: progress with no revision belongs to the current one. */
function merged(edit: EditView, r: RenderView): RenderView {
  if (r.phase === 'rendering' || r.revision >= edit.revision) return { ...r, revision: r.revision || edit.revision };
  return edit.render;
}

/** What a person reads about the render. */
export function renderLabel(r: RenderView): string {
  switch (r.phase) {
    case 'ready':
      return 'Ready to share';
    case 'rendering':
      return `Rendering… ${r.progress} %`;
    case 'waiting':
      return 'Rendering…';
    case 'failed':
      return `Not rendered: ${r.error ?? 'the render failed'}`;
  }
}

export interface ClipEditProps {
  edit: EditView;
  selection: Selection | null;
  busy: boolean;
  canUndo: boolean;
  onCut: (s: Selection) => void;
  onUndo: () => void;
  onReset: () => void;
}

export function ClipEdit({ edit, selection, busy, canUndo, onCut, onUndo, onReset }: ClipEditProps) {
  return (
    <div class="clip-edit" id="clip-edit" data-phase={edit.render.phase} data-revision={edit.revision}>
      <span class="edited-duration" id="edited-duration" title={`Original ${formatMs(edit.media_duration_ms)}`}>
        {formatMs(edit.duration_ms)}
      </span>
      <span class={`render-state ${edit.render.phase}`} id="render-state" role="status">
        {renderLabel(edit.render)}
        {edit.render.phase === 'rendering' && <progress max={100} value={edit.render.progress} />}
      </span>
      <span class="edit-actions">
        <button type="button" id="cut-part" disabled={busy || !selection} onClick={() => selection && onCut(selection)} title="Remove the range selected on the timeline">
          <CutIcon />
          {selection ? `Cut this part (${formatSpan(selection.start, selection.end)})` : 'Cut this part'}
        </button>
        <button type="button" id="undo-edit" disabled={busy || !canUndo} onClick={onUndo}>
          <UndoIcon />
          Undo
        </button>
        <button type="button" id="reset-edit" disabled={busy || edit.whole} onClick={onReset} title="Play all of the original again">
          <ResetIcon />
          Reset
        </button>
      </span>
      <span class="hint">Drag the handles at either end of the timeline to trim; select a range to cut it.</span>
    </div>
  );
}
