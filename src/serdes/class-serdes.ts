import { array, define, func, object, optional } from "superstruct";
import { parseOptions } from "../validation/parse-options.js";
import type { Serdes } from "./serdes.js";

export interface ClassSerdesOptions {
  /** Dotted paths (`"createdAt"`, `"order.placedAt"`) whose strings become `Date`s; arrays along a path are walked. */
  dates?: string[];
}

const ClassSerdesOptionsStruct = object({
  Class: func(),
  dates: optional(
    array(
      define<string>("DatePath", (v) =>
        (typeof v === "string" && /^[^.]+(\.[^.]+)*$/.test(v)) ||
        `expected a dotted path like "order.placedAt", but received: ${JSON.stringify(v) ?? String(v)}`,
      ),
    ),
  ),
});

/**
 * JSON that comes back as an instance of `Class` (`Object.assign(new Class(),
 * parsed)`), so its methods work on replayed values too; the listed date paths
 * come back as `Date`s rather than the strings JSON turned them into. `Class` must
 * be constructible without arguments. `null` and absent payloads stay as they are.
 *
 * @example
 * ```ts
 * ctx.step("load", () => loadOrder(id), { serdes: classSerdes(Order, { dates: ["placedAt"] }) });
 * ```
 */
export function classSerdes<T extends object>(Class: new () => T, options?: ClassSerdesOptions): Serdes<T> {
  const { dates = [] } = parseOptions(ClassSerdesOptionsStruct, { Class, ...options }, "classSerdes");
  const paths = dates.map((d) => d.split("."));
  return {
    serialize: (value) => (value === undefined ? undefined : JSON.stringify(value)),
    deserialize: (data) => {
      if (data === undefined || data === "") return undefined as unknown as T;
      const parsed: unknown = JSON.parse(data);
      if (typeof parsed !== "object" || parsed === null) return parsed as T;
      const instance = Object.assign(new Class(), parsed);
      for (const path of paths) reviveDates(instance, path, path.join("."));
      return instance;
    },
  };
}

function reviveDates(target: unknown, path: readonly string[], dotted: string): void {
  if (Array.isArray(target)) {
    for (const item of target) reviveDates(item, path, dotted);
    return;
  }
  if (typeof target !== "object" || target === null) return;
  const [head, ...rest] = path;
  // Own keys only: a path must never reach into a prototype ("__proto__", "constructor").
  if (!Object.prototype.hasOwnProperty.call(target, head)) return;
  const holder = target as Record<string, unknown>;
  const value = holder[head];
  if (rest.length > 0) reviveDates(value, rest, dotted);
  else holder[head] = Array.isArray(value) ? value.map((v) => toDate(v, dotted)) : toDate(value, dotted);
}

function toDate(value: unknown, dotted: string): unknown {
  if (typeof value !== "string" && typeof value !== "number") return value;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`"${dotted}" is not a date: ${JSON.stringify(value)}`);
  return date;
}
