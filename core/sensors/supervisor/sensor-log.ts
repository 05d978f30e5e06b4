/**
 * A sensor's log (docs/sensors.md, "Logs"): the last lines it wrote to stderr, the stdout lines
 * that were not events, and what the supervisor did — in memory, bounded per sensor, newest last.
 */
import type { SensorLogLine } from '../../contract/sensors.ts';

/** Lines kept per sensor. */
export const LOG_LINES_KEPT = 500;
/** Longest line kept (longer ones are cut and marked). */
export const MAX_LOG_LINE_CHARS = 4096;

export class LogRing {
  private readonly lines: SensorLogLine[] = [];

  constructor(private readonly capacity = LOG_LINES_KEPT) {}

  push(stream: SensorLogLine['stream'], text: string, at: number): void {
    const cut = text.length > MAX_LOG_LINE_CHARS ? `${text.slice(0, MAX_LOG_LINE_CHARS)} …[cut]` : text;
    this.lines.push({ at: new Date(at).toISOString(), stream, text: cut });
    if (this.lines.length > this.capacity) this.lines.splice(0, this.lines.length - this.capacity);
  }

  /** The newest `limit` lines, oldest first. */
  tail(limit = this.capacity, stream?: SensorLogLine['stream']): SensorLogLine[] {
    const picked = stream ? this.lines.filter((l) => l.stream === stream) : this.lines;
    return picked.slice(-limit);
  }
}

/**
 * Splits a byte stream into lines without holding more than `maxBytes` of one line: a longer
 * line is handed on in pieces (a JSON event that long is refused anyway).
 */
export class LineSplitter {
  private pending = '';

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly maxChars = 1_048_576,
  ) {}

  push(chunk: string): void {
    let text = this.pending + chunk;
    let nl = text.indexOf('\n');
    while (nl !== -1) {
      this.onLine(text.slice(0, nl).replace(/\r$/, ''));
      text = text.slice(nl + 1);
      nl = text.indexOf('\n');
    }
    while (text.length > this.maxChars) {
      this.onLine(text.slice(0, this.maxChars));
      text = text.slice(this.maxChars);
    }
    this.pending = text;
  }

  end(): void {
    if (this.pending !== '') this.onLine(this.pending);
    this.pending = '';
  }
}
