import { ValidationError } from "../../errors/index.js";
import { callSite, validateName } from "../../ids/index.js";
import type { ContextScope } from "../../context/context-scope.js";
import { parseOptions } from "../../validation/parse-options.js";
import type { ContextFactory } from "../child-context.js";
import type { DurableOperation } from "../durable-operation.js";
import { ParallelConfigStruct, type ParallelBranch, type ParallelConfig, type ParallelFn } from "./batch-config.js";
import { BatchResult, RecordBatchResult } from "./batch-result.js";
import { itemNames } from "./item-names.js";
import { runBatch } from "./run-batch.js";

type Branches<C> = readonly ParallelBranch<unknown, C>[] | Readonly<Record<string, ParallelBranch<unknown, C>>>;

/**
 * Runs each branch in a child context of its own (CONTEXT `ParallelBranch`, named
 * `parallel-branch-<i>`, the branch's `name`, or its key in a record), at most
 * `maxConcurrency` at once, and completes with a {@link BatchResult} once the
 * completion policy is met. Branches given as a record complete with a
 * {@link RecordBatchResult}, typed per key like `forkJoin`.
 *
 * @example
 * ```ts
 * const quotes = await ctx.parallel("quotes", {
 *   fast: (c) => c.step(() => fastCarrier.quote(order)),
 *   cheap: (c) => c.step(() => cheapCarrier.quote(order)),
 * }, { completion: CompletionConfig.firstSuccessful() });
 * ```
 * @throws {@link ValidationError} synchronously for a bad name, branch or config.
 */
export function parallel<C>(
  context: ContextScope,
  owner: object,
  makeContext: ContextFactory<C>,
  name: string | undefined,
  branches: Branches<C>,
  config?: ParallelConfig,
): DurableOperation<BatchResult<unknown, unknown>> {
  const where = callSite("parallel", name);
  validateName(name, where);
  if (typeof branches !== "object" || branches === null) {
    throw new ValidationError(`${where}: branches must be an array or a record; got ${branches === null ? "null" : typeof branches}`);
  }
  const options = parseOptions(ParallelConfigStruct, config ?? {}, where) as ParallelConfig;
  const isArray = Array.isArray(branches);
  const entries: [string | undefined, ParallelBranch<unknown, C>][] = isArray
    ? (branches as readonly ParallelBranch<unknown, C>[]).map((branch) => [undefined, branch])
    : Object.entries(branches as Record<string, ParallelBranch<unknown, C>>);
  const runs: ParallelFn<unknown, C>[] = entries.map(([, branch], index) => {
    const run = typeof branch === "function" ? branch : branch?.run;
    if (typeof run !== "function") throw new ValidationError(`${where}: branch ${index} must be a function or { name, run }`);
    return run;
  });
  const names = itemNames(entries.length, where, "parallel-branch", (index) => {
    const [key, branch] = entries[index];
    const given = typeof branch === "function" ? undefined : branch.name;
    return given ?? key ?? `parallel-branch-${index}`;
  });
  const keys = entries.map(([key]) => key as string);
  return runBatch<ParallelFn<unknown, C>, unknown, BatchResult<unknown, unknown>, C>(context, owner, makeContext, name, {
    subType: "Parallel",
    itemSubType: "ParallelBranch",
    resultType: "ParallelResult",
    items: runs,
    names,
    run: (child, run) => run(child),
    nesting: options.nesting ?? "nested",
    maxConcurrency: options.maxConcurrency ?? Number.POSITIVE_INFINITY,
    completion: options.completion ?? {},
    itemSerdes: options.itemSerdes,
    build: (all, reason, total) => (isArray ? new BatchResult(all, reason, total) : new RecordBatchResult(all, reason, keys)),
  });
}
