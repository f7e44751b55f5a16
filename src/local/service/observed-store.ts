import type { RecordWrite } from "../engine/journal.js";
import type { ExecutionStore } from "../engine/store.js";

/**
 * The store the service hands its engine: `store` itself, except that every `commit` is
 * reported to `onCommit` once it succeeded. Every change to an execution is one commit
 * (checkpoints from any client, callbacks, timers, invocations), so this is the one place
 * the service learns of changes, whoever made them.
 *
 * A Proxy rather than a wrapper class, so members a store adds beyond the interface keep
 * working with their own `this`.
 */
export function observedStore<S extends ExecutionStore>(store: S, onCommit: (writes: readonly RecordWrite[]) => void): S {
  const commit = (writes: readonly RecordWrite[]): void => {
    store.commit(writes);
    onCommit(writes);
  };
  return new Proxy(store, {
    get(target, property) {
      if (property === "commit") return commit;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}
