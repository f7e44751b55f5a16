import type { OperationUpdate } from "../wire/types.js";

export interface Sized {
  readonly update: OperationUpdate;
  readonly bytes: number;
}

/**
 * Takes the next request's worth of updates off the front of `queue` (in place):
 * at most `maxOperations`, and no more than `maxBytes` estimated bytes unless a
 * single update is larger on its own, in which case it travels alone.
 */
export function takeBatch<T extends Sized>(queue: T[], maxOperations: number, maxBytes: number, baseBytes: number): T[] {
  let bytes = baseBytes;
  let count = 0;
  while (count < queue.length && count < maxOperations) {
    const next = queue[count]!.bytes;
    if (count > 0 && bytes + next > maxBytes) break;
    bytes += next;
    count++;
  }
  return queue.splice(0, count);
}
