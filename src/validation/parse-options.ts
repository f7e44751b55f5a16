import { assert, mask, StructError, type Struct } from "superstruct";
import { ValidationError } from "../errors/usage-errors.js";

export interface ParseOptionsConfig {
  /**
   * Drop unknown keys instead of rejecting them (superstruct `mask`): for envelopes
   * and responses a newer service may extend. Public options leave it off, so a
   * misspelt option is an error rather than silently ignored.
   */
  mask?: boolean;
}

/**
 * Validates `value` against `struct` at a boundary and returns it unchanged: options
 * hold class instances (a LambdaClient, a serdes, a logger) whose prototype methods a
 * coercing copy would lose, so nothing is coerced. A failure throws {@link ValidationError} whose message starts with
 * `where`, e.g. `step("charge"): At path: retry -- Expected a function, but received:
 * 3`, and whose `cause` is superstruct's `StructError`.
 */
export function parseOptions<T, S>(struct: Struct<T, S>, value: unknown, where: string, config?: ParseOptionsConfig): T {
  try {
    if (config?.mask) return mask(value, struct);
    assert(value, struct);
    return value as T;
  } catch (error) {
    if (error instanceof StructError) {
      throw new ValidationError(`${where}: ${describeFailure(error)}`, { cause: error });
    }
    // A refinement or coercion of ours threw: still a bad value, still named.
    const message = error instanceof Error ? error.message : String(error);
    throw new ValidationError(`${where}: ${message}`, { cause: error });
  }
}

/**
 * superstruct's message, except where it is cryptic: an unknown key of `object()`
 * reads "Expected a value of type `never`".
 */
function describeFailure(error: StructError): string {
  if (error.type === "never" && error.refinement === undefined && error.path.length > 0) {
    return `At path: ${error.path.join(".")} -- Unknown option "${String(error.key)}"`;
  }
  return error.message;
}
