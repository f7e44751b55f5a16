export { Duration, SECONDS_PER, toSeconds } from "./duration.js";
export type { DurationLike } from "./duration.js";
export { durationSeconds, MAX_DURATION_SECONDS, MIN_DURATION_SECONDS } from "./duration-seconds.js";
export type { DurationBounds } from "./duration-seconds.js";
export { DurationLikeStruct } from "./duration-struct.js";
