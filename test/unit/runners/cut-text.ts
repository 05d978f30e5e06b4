/** Splits `text` at the given offsets (clamped to its length, each used once, in order) into chunks. */
export function cutText(text: string, cuts: readonly number[]): string[] {
  const points = [...new Set(cuts.map((c) => Math.min(c, text.length)))].sort((a, b) => a - b);
  const chunks: string[] = [];
  let prev = 0;
  for (const p of [...points, text.length]) {
    chunks.push(text.slice(prev, p));
    prev = p;
  }
  return chunks;
}
