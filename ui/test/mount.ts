// Mounting a component for a test the way the app shows it: rendered into
// the document, then one turn of the event loop so the promises its effects
// start (the mocked commands) have resolved.
import { type ComponentChild, render } from 'preact';
import { act } from 'preact/test-utils';

/** Lets the promises already started resolve and the page redraw. */
export async function settle(ms = 0): Promise<void> {
  await act(async () => {
    await new Promise((r) => setTimeout(r, ms));
  });
}

/** Renders `node` into a new element of the document, and settles. */
export async function mount(node: ComponentChild): Promise<HTMLElement> {
  const host = document.createElement('div');
  document.body.appendChild(host);
  await act(async () => {
    render(node, host);
  });
  await settle();
  return host;
}
