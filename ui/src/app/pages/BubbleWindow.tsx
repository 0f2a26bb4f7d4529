// The camera bubble while recording (X11): a window shaped like the bubble,
// showing the camera where the recording draws it. Drag it to move the
// bubble in the recording; − and + resize both. The window moves itself
// with the pointer (captured, so it follows however fast the pointer goes):
// a window manager's move would need one, and X11 lets a window place itself.
import { useEffect, useRef, useState } from 'preact/hooks';
import { commands, type BubbleView } from '../bindings';
import { CameraPreview } from '../CameraPreview';

const STEP = 40;

export function BubbleWindow() {
  const [bubble, setBubble] = useState<BubbleView | null>(null);
  // The drag: where the pointer went down and is now (screen, CSS px), and
  // the window's place when it went down, in screen pixels (asked of the
  // shell, which knows it exactly), once known.
  const drag = useRef<{ x: number; y: number; nowX: number; nowY: number; left?: number; top?: number; up?: boolean } | null>(null);
  const follow = () => {
    const d = drag.current;
    if (!d || d.left === undefined || d.top === undefined) return;
    const scale = window.devicePixelRatio || 1;
    void commands.bubbleMove(d.left + Math.round((d.nowX - d.x) * scale), d.top + Math.round((d.nowY - d.y) * scale));
    if (d.up) drag.current = null;
  };
  useEffect(() => {
    void commands.recordingBubble().then(setBubble);
  }, []);
  if (!bubble) return <div class="bubble-window" />;
  return (
    <div
      class="bubble-window"
      id="bubble"
      onPointerDown={(e) => {
        if ((e.target as HTMLElement).closest('button') !== null || e.button !== 0) return;
        e.currentTarget.setPointerCapture(e.pointerId);
        const d = { x: e.screenX, y: e.screenY, nowX: e.screenX, nowY: e.screenY };
        drag.current = d;
        void commands.bubblePosition().then(([left, top]) => {
          Object.assign(d, { left, top });
          follow();
        });
      }}
      onPointerMove={(e) => {
        if (!drag.current) return;
        Object.assign(drag.current, { nowX: e.screenX, nowY: e.screenY });
        follow();
      }}
      onPointerUp={(e) => {
        if (!drag.current) return;
        Object.assign(drag.current, { nowX: e.screenX, nowY: e.screenY, up: true });
        follow();
      }}
    >
      <CameraPreview url={bubble.picture_url} mirror={bubble.mirror} circle={bubble.circle} />
      <div class="bubble-sizes">
        <button type="button" id="bubble-smaller" title="Smaller" aria-label="Smaller" onClick={() => void commands.bubbleResize(-STEP)}>
          −
        </button>
        <button type="button" id="bubble-larger" title="Larger" aria-label="Larger" onClick={() => void commands.bubbleResize(STEP)}>
          +
        </button>
      </div>
    </div>
  );
}
