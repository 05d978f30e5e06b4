/**
 * The timer sensor's ordering of rules by next fire instant: a binary min-heap with a position
 * index, so the earliest rule is found in O(1) and a rule is added, moved or removed in
 * O(log n) — a wake looks only at the rules that are due, never at all of them (100 000 rules
 * cost ~17 comparisons per change).
 *
 * Equal instants come out in the order they were set (a sequence number breaks ties), so rules
 * due at the same instant fire in a stable, predictable order.
 */

interface Node<K> {
  key: K;
  due: number;
  seq: number;
}

/** A keyed min-heap of due instants. */
export class DueHeap<K> {
  readonly #nodes: Node<K>[] = [];
  readonly #index = new Map<K, number>();
  #seq = 0;

  /** How many keys are queued. */
  get size(): number {
    return this.#nodes.length;
  }

  has(key: K): boolean {
    return this.#index.has(key);
  }

  /** The instant a key is queued for, or undefined. */
  dueOf(key: K): number | undefined {
    const i = this.#index.get(key);
    return i === undefined ? undefined : this.#nodes[i]?.due;
  }

  /** Queues `key` at `due`, or moves it there if it is queued already. */
  set(key: K, due: number): void {
    const i = this.#index.get(key);
    if (i === undefined) {
      this.#nodes.push({ key, due, seq: this.#seq++ });
      this.#index.set(key, this.#nodes.length - 1);
      this.#up(this.#nodes.length - 1);
      return;
    }
    const node = this.#nodes[i] as Node<K>;
    node.due = due;
    node.seq = this.#seq++;
    this.#down(this.#up(i));
  }

  /** Removes `key`; false if it was not queued. */
  delete(key: K): boolean {
    const i = this.#index.get(key);
    if (i === undefined) return false;
    this.#removeAt(i);
    return true;
  }

  /** The earliest entry without removing it. */
  peek(): { key: K; due: number } | undefined {
    const top = this.#nodes[0];
    return top === undefined ? undefined : { key: top.key, due: top.due };
  }

  /** Removes and returns the earliest entry. */
  pop(): { key: K; due: number } | undefined {
    const top = this.#nodes[0];
    if (top === undefined) return undefined;
    this.#removeAt(0);
    return { key: top.key, due: top.due };
  }

  /** Removes and returns every key due at or before `now`, earliest first. */
  popDue(now: number): K[] {
    const out: K[] = [];
    for (let top = this.#nodes[0]; top !== undefined && top.due <= now; top = this.#nodes[0]) {
      out.push(top.key);
      this.#removeAt(0);
    }
    return out;
  }

  clear(): void {
    this.#nodes.length = 0;
    this.#index.clear();
  }

  #less(a: Node<K>, b: Node<K>): boolean {
    return a.due < b.due || (a.due === b.due && a.seq < b.seq);
  }

  #place(i: number, node: Node<K>): void {
    this.#nodes[i] = node;
    this.#index.set(node.key, i);
  }

  #removeAt(i: number): void {
    const removed = this.#nodes[i] as Node<K>;
    const last = this.#nodes.pop() as Node<K>;
    this.#index.delete(removed.key);
    if (i === this.#nodes.length) return;
    this.#place(i, last);
    this.#down(this.#up(i));
  }

  /** Moves the node at `i` up while it is less than its parent; returns where it ended. */
  #up(i: number): number {
    const node = this.#nodes[i] as Node<K>;
    while (i > 0) {
      const p = (i - 1) >> 1;
      const parent = this.#nodes[p] as Node<K>;
      if (!this.#less(node, parent)) break;
      this.#place(i, parent);
      i = p;
    }
    this.#place(i, node);
    return i;
  }

  #down(i: number): void {
    const n = this.#nodes.length;
    const node = this.#nodes[i] as Node<K>;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const left = this.#nodes[l] as Node<K>;
      const right = this.#nodes[r];
      const c = right !== undefined && this.#less(right, left) ? r : l;
      const child = this.#nodes[c] as Node<K>;
      if (!this.#less(child, node)) break;
      this.#place(i, child);
      i = c;
    }
    this.#place(i, node);
  }
}
