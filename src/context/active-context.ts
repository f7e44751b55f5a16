import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Which durable code is running on the current async call tree: a child context's
 * function or a step body. An operation created on another context from inside it is
 * context misuse (PROTOCOL.md §9): ids would interleave between contexts and replay
 * would hand one operation's result to another.
 */
export interface ActiveContext {
  readonly kind: "context" | "step";
  /** The raw id of the context (or of the step) whose code is running. */
  readonly rawId: string;
  /** The context whose methods may be called here; none inside a step body. */
  readonly owner: object | undefined;
}

const active = new AsyncLocalStorage<ActiveContext>();

export function runInActiveContext<T>(marker: ActiveContext, fn: () => T): T {
  return active.run(marker, fn);
}

export function currentActiveContext(): ActiveContext | undefined {
  return active.getStore();
}

/** Runs `fn` (and what it schedules) with no active context: SDK machinery, not user code. */
export function runDetached(fn: () => void): void {
  active.exit(fn);
}
