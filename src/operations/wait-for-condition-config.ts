import { any, func, object, optional, type } from "superstruct";
import type { Observable } from "rxjs";
import type { DurationLike } from "../duration/index.js";
import { DurationLikeStruct } from "../duration/index.js";
import type { Serdes } from "../serdes/index.js";
import type { StepContext } from "./step-config.js";
import type { WaitStrategy } from "./wait-strategy.js";

/**
 * One check of a `waitForCondition`: given the current state, returns the next one (a
 * value, a Promise, or an Observable whose last value counts). It runs like a step body:
 * no durable operations inside, `signal` aborts when the invocation ends.
 */
export type ConditionCheck<S> = (state: S, context: StepContext) => S | PromiseLike<S> | Observable<S>;

export interface WaitForConditionConfig<S> {
  /** After each check: check again (after `delay`) or stop. See `WaitStrategy.exponential`. */
  waitStrategy: WaitStrategy<S>;
  /** The state the first check receives. */
  initialState: S;
  /**
   * Give up when the condition is still unmet this long after the first check started
   * (1 s to 1 year): the last check runs at that deadline, then the operation fails with
   * `WaitForConditionError`.
   */
  timeout?: DurationLike;
  /** How the state is checkpointed between checks; default the handler's serdes (JSON). */
  serdes?: Serdes<S>;
}

export const WaitForConditionConfigStruct = object({
  waitStrategy: func(),
  initialState: any(),
  timeout: optional(DurationLikeStruct),
  // type(): a serdes may be a class instance or carry fields of its own.
  serdes: optional(type({ serialize: func(), deserialize: func() })),
});
