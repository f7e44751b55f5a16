import type { ContextScope } from "../../context/context-scope.js";
import type { DurableOperation } from "../durable-operation.js";
import { decidedCombinator } from "./decided-combinator.js";

/**
 * The value (or error) of the first input to settle, like `Promise.race`, with the
 * decision checkpointed as a STEP `Race` holding the winner's index: replay answers
 * with the same input even though every finished input then answers at once. Losing
 * waits are cancelled; other losers run on to their own durable outcome. The durable
 * timeout: `ctx.race([op, ctx.wait("deadline", { minutes: 5 })])`.
 *
 * @example
 * ```ts
 * const first = await ctx.race([ctx.step("primary", callPrimary), ctx.step("mirror", callMirror)]);
 * ```
 * @throws {@link ValidationError} synchronously for an empty list (it would never settle) or a bad name.
 */
export function race<T>(context: ContextScope, owner: object, name: string | undefined, inputs: unknown): DurableOperation<T> {
  return decidedCombinator<T>(context, owner, "Race", name, inputs);
}
