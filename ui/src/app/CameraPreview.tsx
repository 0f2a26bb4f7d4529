// A camera's live picture: the app's media server answers each request with
// the camera's newest JPEG, so the next is asked for once one has loaded (at
// most ~15 a second). The camera is open only while pictures are asked for.
import { useEffect, useState } from 'preact/hooks';

const FRAME_MS = 66;

export function CameraPreview({ url, mirror, circle, id }: { url: string; mirror: boolean; circle: boolean; id?: string }) {
  const [n, setN] = useState(0);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    setProblem(null);
    setN((v) => v + 1);
  }, [url]);
  const next = (after: number) => window.setTimeout(() => setN((v) => v + 1), after);
  const failed = () => {
    // The server says why in the body (camera unknown, gone, no picture).
    fetch(url)
      .then(async (r) => (r.ok ? null : await r.text()))
      .catch((e: unknown) => String(e))
      .then((why) => setProblem(why ?? null));
    next(1000);
  };
  return (
    <div class={`camera-preview${circle ? ' circle' : ' rounded'}`} id={id}>
      <img
        src={`${url}?n=${n}`}
        alt="Camera preview"
        style={mirror ? { transform: 'scaleX(-1)' } : undefined}
        onLoad={() => {
          setProblem(null);
          next(FRAME_MS);
        }}
        onError={failed}
        draggable={false}
      />
      {problem && <p class="warning camera-problem">{problem}</p>}
    </div>
  );
}
