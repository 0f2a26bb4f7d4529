// The full-screen area picker: drag a rectangle, release to use it, Escape
// to cancel. Sizes are reported in screen pixels (CSS pixels × scale).
import { useEffect, useState } from 'preact/hooks';
import { commands } from '../bindings';

interface Drag {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export function rectOf(d: Drag, scale: number) {
  const x = Math.min(d.x0, d.x1);
  const y = Math.min(d.y0, d.y1);
  return {
    kind: 'area' as const,
    x: Math.round(x * scale),
    y: Math.round(y * scale),
    width: Math.round(Math.abs(d.x1 - d.x0) * scale),
    height: Math.round(Math.abs(d.y1 - d.y0) * scale),
  };
}

export function AreaSelector() {
  const [drag, setDrag] = useState<Drag | null>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && void commands.areaPicked(null);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const finish = () => {
    if (!drag) return;
    const r = rectOf(drag, window.devicePixelRatio || 1);
    setDrag(null);
    if (r.width >= 16 && r.height >= 16) void commands.areaPicked(r);
  };
  const box = drag && rectOf(drag, 1);
  return (
    <div
      class="area-selector"
      onPointerDown={(e) => setDrag({ x0: e.clientX, y0: e.clientY, x1: e.clientX, y1: e.clientY })}
      onPointerMove={(e) => drag && setDrag({ ...drag, x1: e.clientX, y1: e.clientY })}
      onPointerUp={finish}
    >
      <p class="hint">Drag over the area to record. Esc cancels.</p>
      {box && <div class="box" style={{ left: box.x, top: box.y, width: box.width, height: box.height }}>{box.width}×{box.height}</div>}
    </div>
  );
}
