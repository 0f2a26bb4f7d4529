// A select whose title is the text of its choice, read from the option it
// shows: WebKit (non-composited, without a GPU) cuts a long choice — a
// device's name — without an ellipsis, so the whole of it is a hover away.
import type { JSX } from 'preact';
import { useLayoutEffect, useRef } from 'preact/hooks';

export function TitledSelect(props: JSX.SelectHTMLAttributes<HTMLSelectElement>) {
  const ref = useRef<HTMLSelectElement>(null);
  useLayoutEffect(() => {
    const select = ref.current;
    if (select) select.title = select.selectedOptions[0]?.textContent ?? '';
  });
  return <select {...props} ref={ref} />;
}
