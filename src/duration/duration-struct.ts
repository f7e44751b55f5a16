import { define } from "superstruct";
import { DurableError } from "../errors/durable-error.js";
import { toSeconds, type DurationLike } from "./duration.js";

/**
 * A superstruct for a {@link DurationLike} inside option objects (`timeout`,
 * `initialDelay`): the shape is checked with the same wording as a bare duration.
 * Bounds belong to the operation that uses the value ({@link durationSeconds}).
 */
export const DurationLikeStruct = define<DurationLike>("DurationLike", (value) => {
  try {
    toSeconds(value as DurationLike, "duration");
    return true;
  } catch (error) {
    return DurableError.is(error) ? error.message : false;
  }
});
