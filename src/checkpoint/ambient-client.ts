import { AsyncLocalStorage } from "node:async_hooks";

/**
 * Anything with the `send(command)` method of a `LambdaClient`: the real client,
 * the in-process engine's double, or a user's own test double.
 */
export interface LambdaClientLike {
  send(command: unknown, options?: unknown): Promise<unknown>;
}

/**
 * The side channel through which a local service hands its own client to the
 * handlers it invokes (DESIGN.md "The local service is a real service"): scoped to
 * one invocation's async call tree, so two executions in one process never see each
 * other's client and no process-wide environment variable is touched.
 */
const ambient = sharedStorage();

/**
 * One storage per process, not per copy of this module: a handler that loads the CJS
 * build (or a second install of durable-rx) next to a service that loaded the ESM build
 * must still see the service's client. `Symbol.for` names the same slot in every copy.
 */
function sharedStorage(): AsyncLocalStorage<LambdaClientLike> {
  const slot = Symbol.for("durable-rx.ambient-client");
  const holder = globalThis as { [key: symbol]: AsyncLocalStorage<LambdaClientLike> | undefined };
  return (holder[slot] ??= new AsyncLocalStorage<LambdaClientLike>());
}

/** Runs `fn` so that durable handlers invoked inside it default to `client`. */
export function runWithAmbientClient<T>(client: LambdaClientLike, fn: () => T): T {
  return ambient.run(client, fn);
}

/** The client a local service provided for the current invocation, if any. */
export function ambientClient(): LambdaClientLike | undefined {
  return ambient.getStore();
}
