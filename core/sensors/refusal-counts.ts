/**
 * Webhook refusals past a throttle (unknown keys, wrong signatures): answered 429 and counted
 * here instead of recorded one by one, so a flood costs the attempt log one row per address and
 * minute (docs/security.md, "Webhooks"). The receiver drains the counts into summary rows.
 */

/** What was refused without a record of its own, per reason, trigger and source address. */
export interface RefusalCount {
  /** Why they were refused, as the summary row says it ("with unknown keys", …). */
  reason: string;
  triggerRef: string | null;
  remote: string | null;
  count: number;
  bodyBytes: number;
  first: number;
  last: number;
}

/** Past this many distinct (reason, trigger, address) entries, more are folded into one. */
export const MAX_COUNTED_SOURCES = 1_000;

export class RefusalCounts {
  private readonly counts = new Map<string, RefusalCount>();

  constructor(private readonly maxSources = MAX_COUNTED_SOURCES) {}

  /** Counts one refusal. Beyond `maxSources` entries, the address is dropped (counted as unknown). */
  add(
    reason: string,
    triggerRef: string | null,
    remote: string | null,
    bodyBytes: number,
    now: number,
  ): void {
    // JSON keeps null apart from '' and needs no separator; the folded count is the key without an address.
    let id = JSON.stringify([reason, triggerRef, remote]);
    let from = remote;
    if (!this.counts.has(id) && this.counts.size >= this.maxSources) {
      id = JSON.stringify([reason, triggerRef]);
      from = null;
    }
    const c = this.counts.get(id);
    if (c) {
      c.count++;
      c.bodyBytes += bodyBytes;
      c.last = now;
      return;
    }
    this.counts.set(id, { reason, triggerRef, remote: from, count: 1, bodyBytes, first: now, last: now });
  }

  /** Everything counted since the last drain, oldest first; the counts start again from zero. */
  drain(): RefusalCount[] {
    const all = [...this.counts.values()];
    this.counts.clear();
    return all;
  }

  get size(): number {
    return this.counts.size;
  }
}
