/**
 * Capture of one output stream (stdout or stderr) of a run: UTF-8 decoding that survives
 * multi-byte characters split across chunks, secret redaction, live streaming and the per-stream
 * byte cap (docs/runners.md, "Result"). What is streamed live is exactly what is stored.
 */
import { StringDecoder } from 'node:string_decoder';
import { createStreamRedactor, redactSecrets } from './redact.ts';
import type { OutputStream } from './types.ts';

/** The captured text of one stream. */
export interface CapturedText {
  text: string;
  truncated: boolean;
}

/** Feeds raw bytes in, hands the stored text out. */
export interface StreamCapture {
  /** Raw bytes from the process; once the cap is reached they are read and dropped. */
  write(chunk: Buffer | string): void;
  /** End of stream: releases a trailing partial character and any held-back text. */
  end(): void;
  /** Appends a runner's own line (e.g. "[attune] …"), outside the cap. */
  note(line: string): void;
  result(): CapturedText;
}

/** Longest prefix of `text` that fits in `maxBytes` of UTF-8 without splitting a character. */
export function utf8Prefix(text: string, maxBytes: number): string {
  const buf = Buffer.from(text, 'utf8');
  if (buf.length <= maxBytes) return text;
  let end = Math.max(0, maxBytes);
  // 10xxxxxx is a continuation byte: cutting before it would split a character.
  while (end > 0 && ((buf[end] ?? 0) & 0xc0) === 0x80) end--;
  return buf.subarray(0, end).toString('utf8');
}

/** Creates the capture for one stream; `emit` receives each stored piece as it is stored. */
export function createStreamCapture(opts: {
  stream: OutputStream;
  capBytes: number;
  secrets: readonly string[];
  emit?: ((stream: OutputStream, chunk: string) => void) | undefined;
}): StreamCapture {
  const decoder = new StringDecoder('utf8');
  const redactor = createStreamRedactor(opts.secrets);
  const parts: string[] = [];
  const cap = Math.max(0, opts.capBytes);
  let used = 0;
  let truncated = false;
  let ended = false;

  const store = (piece: string): void => {
    if (piece === '' || truncated) return;
    const bytes = Buffer.byteLength(piece, 'utf8');
    let kept = piece;
    if (used + bytes > cap) {
      kept = utf8Prefix(piece, cap - used);
      truncated = true;
    }
    if (kept === '') return;
    used += Buffer.byteLength(kept, 'utf8');
    parts.push(kept);
    opts.emit?.(opts.stream, kept);
  };

  return {
    write(chunk) {
      // Past the cap the bytes are drained unread, so a runaway process costs no decoding.
      if (truncated || ended) return;
      store(redactor.push(typeof chunk === 'string' ? chunk : decoder.write(chunk)));
    },
    end() {
      if (ended) return;
      ended = true;
      if (truncated) return;
      store(redactor.push(decoder.end()));
      store(redactor.flush());
    },
    note(line) {
      const redacted = redactSecrets(line, opts.secrets);
      const text = redacted.endsWith('\n') ? redacted : `${redacted}\n`;
      const prev = parts.at(-1);
      const piece = prev !== undefined && !prev.endsWith('\n') ? `\n${text}` : text;
      parts.push(piece);
      opts.emit?.(opts.stream, piece);
    },
    result() {
      return { text: parts.join(''), truncated };
    },
  };
}

/**
 * Wraps the engine's live-output listener: a listener that throws must not crash the run (it is
 * called from stream events, where a throw would be uncaught). It is reported once.
 */
export function guardListener(
  listener: ((stream: OutputStream, chunk: string) => void) | undefined,
  report: (err: unknown) => void,
): ((stream: OutputStream, chunk: string) => void) | undefined {
  if (listener === undefined) return undefined;
  let reported = false;
  return (stream, chunk) => {
    try {
      listener(stream, chunk);
    } catch (err) {
      if (!reported) report(err);
      reported = true;
    }
  };
}
