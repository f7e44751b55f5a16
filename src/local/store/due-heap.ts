/**
 * A binary min-heap of keys by due time that can also move or remove any key in
 * O(log n): the memory store's timer index. Each key sits in the heap at most once, so
 * a deadline pushed out by a heartbeat replaces the old one instead of piling up.
 */
export class DueHeap<K> {
  private readonly keys: K[] = [];
  private readonly dues: number[] = [];
  private readonly slots = new Map<K, number>();

  get size(): number {
    return this.keys.length;
  }

  /** The earliest due time, or `undefined` when empty. */
  earliest(): number | undefined {
    return this.dues[0];
  }

  get(key: K): number | undefined {
    const slot = this.slots.get(key);
    return slot === undefined ? undefined : this.dues[slot];
  }

  /** Adds `key`, or moves it to `due`. */
  set(key: K, due: number): void {
    const slot = this.slots.get(key);
    if (slot === undefined) {
      this.keys.push(key);
      this.dues.push(due);
      this.slots.set(key, this.keys.length - 1);
      this.up(this.keys.length - 1);
      return;
    }
    const previous = this.dues[slot];
    this.dues[slot] = due;
    if (due < previous) this.up(slot);
    else this.down(slot);
  }

  delete(key: K): void {
    const slot = this.slots.get(key);
    if (slot === undefined) return;
    const last = this.keys.length - 1;
    this.swap(slot, last);
    this.keys.pop();
    this.dues.pop();
    this.slots.delete(key);
    if (slot < last) {
      this.up(slot);
      this.down(slot);
    }
  }

  /** Every key due at or before `now`: a walk of the heap that stops below later nodes, O(k) for k answers. */
  dueBy(now: number): K[] {
    const found: K[] = [];
    const pending = this.keys.length > 0 ? [0] : [];
    while (pending.length > 0) {
      const slot = pending.pop() as number;
      if (this.dues[slot] > now) continue;
      found.push(this.keys[slot]);
      const left = 2 * slot + 1;
      if (left < this.keys.length) pending.push(left);
      if (left + 1 < this.keys.length) pending.push(left + 1);
    }
    return found;
  }

  private up(slot: number): void {
    while (slot > 0) {
      const parent = (slot - 1) >> 1;
      if (this.dues[parent] <= this.dues[slot]) return;
      this.swap(slot, parent);
      slot = parent;
    }
  }

  private down(slot: number): void {
    for (;;) {
      const left = 2 * slot + 1;
      let smallest = slot;
      if (left < this.keys.length && this.dues[left] < this.dues[smallest]) smallest = left;
      if (left + 1 < this.keys.length && this.dues[left + 1] < this.dues[smallest]) smallest = left + 1;
      if (smallest === slot) return;
      this.swap(slot, smallest);
      slot = smallest;
    }
  }

  private swap(a: number, b: number): void {
    if (a === b) return;
    [this.keys[a], this.keys[b]] = [this.keys[b], this.keys[a]];
    [this.dues[a], this.dues[b]] = [this.dues[b], this.dues[a]];
    this.slots.set(this.keys[a], a);
    this.slots.set(this.keys[b], b);
  }
}
