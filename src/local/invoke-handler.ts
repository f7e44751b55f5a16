import type { LambdaClientLike } from "../checkpoint/ambient-client.js";
import { runWithAmbientClient } from "../checkpoint/ambient-client.js";
import type { DurableExecutionInvocationInput } from "../wire/types.js";
import type { LambdaContextLike } from "./lambda-context.js";

/** A durable handler as Lambda calls it: the §1.1 event in, a §1.2 output out (or a throw). */
export type DurableHandler = (event: DurableExecutionInvocationInput, context: LambdaContextLike) => unknown;

export type HandlerOutcome = { output: unknown } | { thrown: unknown };

/** Lambda's words for an invocation that ran out of time. */
export function timeoutError(timeoutMs: number): Error {
  const error = new Error(`Task timed out after ${(timeoutMs / 1000).toFixed(2)} seconds`);
  error.name = "Sandbox.Timedout";
  return error;
}

/**
 * One invocation, as Lambda runs it: `client` is the ambient client for the handler's
 * whole async call tree, and a handler that outlives `timeoutMs` (real time) counts as
 * timed out, so a handler that never settles cannot hang the caller. Whatever it does
 * after that is ignored, as Lambda freezes a timed-out sandbox.
 */
export async function invokeHandler(
  handler: DurableHandler,
  client: LambdaClientLike,
  event: DurableExecutionInvocationInput,
  context: LambdaContextLike,
  timeoutMs: number,
): Promise<HandlerOutcome> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const run = Promise.resolve().then(() => runWithAmbientClient(client, () => handler(event, context)));
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeoutError(timeoutMs)), timeoutMs);
  });
  try {
    return { output: await Promise.race([run, timedOut]) };
  } catch (thrown) {
    run.catch(() => undefined);
    return { thrown };
  } finally {
    clearTimeout(timer);
  }
}
