import type { ContextScope } from "../../context/context-scope.js";
import type { DurableOperation } from "../durable-operation.js";
import { decidedCombinator } from "./decided-combinator.js";

/**
 * The value of the first input to succeed, like `Promise.any`, with the decision
 * checkpointed as a STEP `Any` holding the winner's index. When every input fails it
 * rejects with an {@link AnyError} whose `errors` lists each input's error (checkpointed
 * as the step's FAIL, so replay gives the same list); `any([])` rejects that way at
 * once, as `Promise.any([])` does. Losing waits are cancelled.
 *
 * @example
 * ```ts
 * const quote = await ctx.any([ctx.step("a", quoteA), ctx.step("b", quoteB)]);
 * ```
 * @throws {@link ValidationError} synchronously for a bad name or inputs that are not an array.
 */
export function any<T>(context: ContextScope, owner: object, name: string | undefined, inputs: unknown): DurableOperation<T> {
  return decidedCombinator<T>(context, owner, "Any", name, inputs);
}
