// Whose page this is: Afterword's mark, quietly above the clip.
import { Logo } from '../components/Icon';

export function Brand() {
  return (
    <div class="viewer-brand">
      <Logo />
      Afterword
    </div>
  );
}
