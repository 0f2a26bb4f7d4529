import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, expect, it } from 'vitest';
import { TitledSelect } from '../src/components/TitledSelect';

afterEach(() => {
  document.body.innerHTML = '';
});

it('titles a select with the whole text of the choice it shows, as the choice changes', () => {
  const el = document.body.appendChild(document.createElement('div'));
  const show = (value: string) =>
    act(() =>
      render(
        <TitledSelect value={value}>
          <option value="">System default (Monitor of Null Output)</option>
          <option value="usb">USB Audio Device Analog Stereo</option>
        </TitledSelect>,
        el,
      ),
    );
  show('');
  const select = el.querySelector('select')!;
  expect(select.title).toBe('System default (Monitor of Null Output)');
  show('usb');
  expect(select.title).toBe('USB Audio Device Analog Stereo');
});
