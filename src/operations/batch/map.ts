import { ValidationError } from "../../errors/index.js";
import { callSite, validateName } from "../../ids/index.js";
import type { ContextScope } from "../../context/context-scope.js";
import { parseOptions } from "../../validation/parse-options.js";
import type { ContextFactory } from "../child-context.js";
import type { DurableOperation } from "../durable-operation.js";
import { MapConfigStruct, type MapConfig, type MapFn } from "./batch-config.js";
import { BatchResult } from "./batch-result.js";
import { itemNames } from "./item-names.js";
import { runBatch } from "./run-batch.js";

/**
 * Runs `fn` over every item, each in a child context of its own (CONTEXT
 * `MapIteration`, named `map-item-<i>` or `itemName(item, i)`), at most
 * `maxConcurrency` at once, and completes with a {@link BatchResult} once the
 * completion policy is met. Item `i` always has id `<map>-<i+1>`, whatever order the
 * items finish in. Never throws because items failed: see `throwIfError()`.
 *
 * @example
 * ```ts
 * const batch = await ctx.map("resize", images, (child, image) => child.step(() => resize(image)), {
 *   maxConcurrency: 5,
 *   completion: CompletionConfig.allCompleted(),
 * });
 * ```
 * @throws {@link ValidationError} synchronously for a bad name, item name or config.
 */
export function map<I, T, C>(
  context: ContextScope,
  owner: object,
  makeContext: ContextFactory<C>,
  name: string | undefined,
  items: readonly I[],
  fn: MapFn<I, T, C>,
  config?: MapConfig<I, T>,
): DurableOperation<BatchResult<T>> {
  const where = callSite("map", name);
  validateName(name, where);
  if (!Array.isArray(items)) throw new ValidationError(`${where}: items must be an array; got ${items === null ? "null" : typeof items}`);
  if (typeof fn !== "function") throw new ValidationError(`${where}: the item function must be a function; got ${typeof fn}`);
  const options = parseOptions(MapConfigStruct, config ?? {}, where) as MapConfig<I, T>;
  // The items as they were at call time: what a replay must see again.
  const snapshot: readonly I[] = [...items];
  const itemName = options.itemName;
  const names = itemNames(snapshot.length, where, "map-item", itemName && ((index) => itemName(snapshot[index], index)));
  return runBatch<I, T, BatchResult<T>, C>(context, owner, makeContext, name, {
    subType: "Map",
    itemSubType: "MapIteration",
    resultType: "MapResult",
    items: snapshot,
    names,
    run: (child, item, index) => fn(child, item, index, snapshot),
    nesting: options.nesting ?? "nested",
    maxConcurrency: options.maxConcurrency ?? Number.POSITIVE_INFINITY,
    completion: options.completion ?? {},
    itemSerdes: options.itemSerdes,
    build: (all, reason, total) => new BatchResult<T>(all, reason, total),
  });
}
