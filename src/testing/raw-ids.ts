import { hashOperationId } from "../ids/index.js";
import type { Operation } from "../wire/types.js";

/** How far past its recorded children a context's counter is searched (operations never subscribed leave gaps). */
const SLACK = 64;
/** Misses in a row after which a flat batch item is taken to have no more operations. */
const FLAT_GAP = 4;

/**
 * The raw hierarchical id (`3`, `3-1`) of each recorded operation, keyed by wire id.
 * Histories hold only md5 hashes (PROTOCOL.md §4), but raw ids are positional, so each
 * context's children are found by hashing `1`, `2`, … under it. Operations whose id
 * follows another scheme stay out of the map.
 */
export function rawIdsOf(operations: readonly Operation[]): Map<string, string> {
  const children = new Map<string | undefined, Set<string>>();
  for (const operation of operations) {
    if (operation.Type === "EXECUTION") continue;
    const siblings = children.get(operation.ParentId) ?? new Set<string>();
    siblings.add(operation.Id);
    children.set(operation.ParentId, siblings);
  }
  const raw = new Map<string, string>();
  const found = (id: string, candidate: string) => {
    raw.set(id, candidate);
    visit(id, candidate);
  };
  const visit = (parentId: string | undefined, parentRaw: string | undefined) => {
    const ids = children.get(parentId);
    if (!ids) return;
    const prefix = parentRaw === undefined ? "" : `${parentRaw}-`;
    let left = ids.size;
    for (let n = 1; left > 0 && n <= ids.size + SLACK; n++) {
      const id = hashOperationId(`${prefix}${n}`);
      if (ids.has(id) && !raw.has(id)) {
        left--;
        found(id, `${prefix}${n}`);
      }
    }
    // A flat batch's items have no CONTEXT: their operations (`n-i-k`) hang under the batch itself.
    for (let item = 1; left > 0 && parentRaw !== undefined && item <= ids.size + SLACK; item++) {
      for (let k = 1, misses = 0; left > 0 && misses < FLAT_GAP; k++) {
        const id = hashOperationId(`${prefix}${item}-${k}`);
        if (!ids.has(id) || raw.has(id)) {
          misses++;
          continue;
        }
        misses = 0;
        left--;
        found(id, `${prefix}${item}-${k}`);
      }
    }
  };
  visit(undefined, undefined);
  return raw;
}

/** The raw id of a new operation under a parent whose raw id is known; undefined when not found. */
export function rawIdUnder(parentRaw: string | undefined, id: string, limit = 10_000): string | undefined {
  for (let n = 1; n <= limit; n++) {
    const candidate = parentRaw === undefined ? String(n) : `${parentRaw}-${n}`;
    if (hashOperationId(candidate) === id) return candidate;
  }
  return undefined;
}

/**
 * Creation order of two raw ids in the tree (pre-order, as sequential code creates
 * them): `2` before `3-1` before `3-2` before `4`; an ancestor before its children.
 */
export function compareRawIds(a: string, b: string): number {
  const left = a.split("-").map(Number);
  const right = b.split("-").map(Number);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    if (left[i] !== right[i]) return left[i]! - right[i]!;
  }
  return left.length - right.length;
}
