/** Saves bytes as a file the way a browser and Electron both allow: a blob link, clicked. */
import { base64ToBytes } from '../../domain/pack-review.ts';

export function downloadBase64(b64: string, filename: string, type = 'application/gzip'): void {
  const bytes = base64ToBytes(b64);
  const url = URL.createObjectURL(new Blob([bytes.buffer as ArrayBuffer], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has its own copy once started.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
