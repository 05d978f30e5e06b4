/**
 * Text someone else wrote, shown to a person who must judge it (a pack's review report, the CLI):
 * characters that act instead of showing are written out, so a script line cannot move the
 * cursor, erase what was printed before it, or reorder what follows (docs/packs.md, "The review
 * report"). `curl … | sh \x1b[2K\r# back up` then shows every byte, not only the comment.
 */

/**
 * C0 controls but tab, DEL, C1 controls, and the invisible bidi controls: embeddings and
 * overrides (U+202A–U+202E), isolates (U+2066–U+2069), marks (U+200E, U+200F, U+061C), and the
 * line and paragraph separators.
 */
export function isHiddenChar(code: number): boolean {
  return (
    (code < 0x20 && code !== 0x09) ||
    (code >= 0x7f && code <= 0x9f) ||
    (code >= 0x202a && code <= 0x202e) ||
    (code >= 0x2066 && code <= 0x2069) ||
    code === 0x200e ||
    code === 0x200f ||
    code === 0x061c ||
    code === 0x2028 ||
    code === 0x2029
  );
}

const hex = (code: number, digits: number) => code.toString(16).padStart(digits, '0');

/** `\n`, `\r`, `\x1b` for C0; `\u009b`, `\u202e` from DEL on (valid JSON escapes too). */
function written(code: number): string {
  if (code === 0x0a) return '\\n';
  if (code === 0x0d) return '\\r';
  return code < 0x20 ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`;
}

function replaceHidden(text: string, which: (code: number) => boolean): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!which(code)) continue;
    out += text.slice(from, i) + written(code);
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** `text` with every hidden character written out as an escape; other text (tabs, `\`) as is. */
export function visibleText(text: string): string {
  return replaceHidden(text, isHiddenChar);
}

/**
 * JSON text (from JSON.stringify, which escapes C0 itself) with DEL, C1 and bidi controls
 * written as `\uXXXX`: still valid JSON for the same data, safe to print.
 */
export function visibleJson(json: string): string {
  return replaceHidden(json, (code) => code >= 0x7f && isHiddenChar(code));
}
