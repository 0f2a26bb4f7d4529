// The viewer's display name, remembered in this browser.
import { useState } from 'preact/hooks';

export const NAME_KEY = 'afterword.name';

function read(): string {
  try {
    return window.localStorage.getItem(NAME_KEY) ?? '';
  } catch {
    return ''; // storage blocked (private mode): the name is just not remembered
  }
}

export function useRememberedName(): [string, (name: string) => void] {
  const [name, setName] = useState(read);
  const update = (next: string) => {
    setName(next);
    try {
      window.localStorage.setItem(NAME_KEY, next);
    } catch {
      /* not remembered; still used for this page */
    }
  };
  return [name, update];
}
