// An emoji as a person will see it. Every font stack ends in the colour
// emoji fonts (design/tokens.css), but a machine may have none: then the
// glyph would be an empty box. Whether this browser can draw an emoji is
// measured once per emoji on a canvas, in the page's own fonts, against a
// character no font has (that box); an emoji it cannot draw shows as a
// short word instead, so a reaction still says what it is.
const WORDS: Record<string, string> = {
  '👍': '+1',
  '❤️': 'love',
  '😂': 'haha',
  '🎉': 'yay',
  '😮': 'wow',
  '👀': 'eyes',
  '🙏': 'thanks',
  '🔥': 'fire',
};

const drawable = new Map<string, boolean>();

/** True when this browser draws `emoji` as a glyph, not as the missing-glyph box. */
export function canDraw(emoji: string): boolean {
  const known = drawable.get(emoji);
  if (known !== undefined) return known;
  let yes = true;
  try {
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = 32;
    const ctx = canvas.getContext('2d');
    if (ctx) {
      ctx.font = `24px ${getComputedStyle(document.body).fontFamily || 'sans-serif'}`;
      ctx.textBaseline = 'top';
      const pixels = (text: string) => {
        ctx.clearRect(0, 0, 32, 32);
        ctx.fillText(text, 2, 2);
        return ctx.getImageData(0, 0, 32, 32).data;
      };
      const glyph = pixels(emoji);
      // A private-use code point of plane 16: no font draws it, so it is the box.
      const box = pixels('\u{10FFFD}');
      const blank = glyph.every((v, i) => i % 4 !== 3 || v === 0);
      yes = !blank && glyph.some((v, i) => v !== box[i]);
    }
  } catch {
    // No canvas (a test's DOM): trust the fonts.
  }
  drawable.set(emoji, yes);
  return yes;
}

/** The emoji, or its word where this browser has no glyph for it. */
export function Emoji({ emoji }: { emoji: string }) {
  if (canDraw(emoji)) return <span class="emoji">{emoji}</span>;
  return (
    <span class="emoji-word" title={emoji}>
      {WORDS[emoji] ?? emoji}
    </span>
  );
}
