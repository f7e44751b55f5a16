import type { Operation } from "../wire/types.js";

type Listener = (operation: Operation) => void;

/**
 * The operations the service holds for this execution, by wire id, as the SDK last
 * saw them: the initial state of the invocation, then every `NewExecutionState`
 * merged in. Operations that wait for a change (a wait, a retry, a callback) watch
 * their id here instead of polling.
 */
export class ExecutionState {
  private readonly operations = new Map<string, Operation>();
  private readonly listeners = new Map<string, Set<Listener>>();

  constructor(initial: readonly Operation[] = []) {
    // Indexed, not for…of: this runs once per operation of the history, often in code
    // that is not optimized yet, where an iterator allocates a result per element.
    for (let i = 0; i < initial.length; i++) this.operations.set(initial[i]!.Id, initial[i]!);
  }

  get size(): number {
    return this.operations.size;
  }

  get(id: string): Operation | undefined {
    return this.operations.get(id);
  }

  /** The EXECUTION operation: the service lists it first (PROTOCOL.md §1.1), but we do not rely on that. */
  execution(): Operation | undefined {
    for (const operation of this.operations.values()) if (operation.Type === "EXECUTION") return operation;
    return undefined;
  }

  /** Overwrites each returned operation in full (the service's copy wins) and tells its watchers. */
  merge(operations: readonly Operation[] | undefined): void {
    if (!operations) return;
    for (const operation of operations) {
      if (!operation?.Id) continue;
      this.operations.set(operation.Id, operation);
      const watchers = this.listeners.get(operation.Id);
      if (watchers) for (const listener of [...watchers]) listener(operation);
    }
  }

  /** Calls `listener` with every new copy of operation `id`; returns the function that stops it. */
  watch(id: string, listener: Listener): () => void {
    let watchers = this.listeners.get(id);
    if (!watchers) this.listeners.set(id, (watchers = new Set()));
    watchers.add(listener);
    return () => {
      watchers!.delete(listener);
      if (watchers!.size === 0) this.listeners.delete(id);
    };
  }
}
