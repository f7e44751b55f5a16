import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import { isAbsolute, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { toErrorObject } from "../local/engine/error-object.js";
import type { DurableHandler } from "../local/invoke-handler.js";
import type { LambdaContextLike } from "../local/lambda-context.js";
import type { FunctionSource, HandlerModule } from "../local/service/function-registry.js";
import { importHandler } from "../local/service/invoker.js";
import type { DurableExecutionInvocationInput, DurableExecutionInvocationOutput } from "../wire/types.js";

/** A plain (not durable) function a chained invoke may call: the invoke's input in, its result out. */
export type StubHandler<In = any, Out = unknown> = (input: In, context: LambdaContextLike) => Out | PromiseLike<Out>;

/**
 * Makes a plain function callable by `ctx.invoke` in a LocalTestRunner: it receives the
 * invoke's input (parsed JSON) and its return value is the invoke's result; a throw
 * fails the invoke with that error's name and message. It runs as an execution of one
 * invocation, the way the service runs any invoked function.
 *
 * @example
 * ```ts
 * const runner = new LocalTestRunner({
 *   handler,
 *   functions: { "credit-check": stubFunction((applicant: { id: string }) => ({ score: 720 })) },
 * });
 * ```
 */
export function stubFunction<In = any, Out = unknown>(fn: StubHandler<In, Out>): DurableHandler {
  if (typeof fn !== "function") throw new TypeError(`stubFunction: expected a function, got ${typeof fn}`);
  return async (event, context): Promise<DurableExecutionInvocationOutput> => {
    const { InitialExecutionState } = event as DurableExecutionInvocationInput;
    const execution = InitialExecutionState.Operations?.find((op) => op.Type === "EXECUTION");
    const payload = execution?.ExecutionDetails?.InputPayload;
    try {
      const value = await fn((payload === undefined || payload === "" ? undefined : JSON.parse(payload)) as In, context);
      return value === undefined ? { Status: "SUCCEEDED" } : { Status: "SUCCEEDED", Result: JSON.stringify(value) };
    } catch (error) {
      const { ErrorType, ErrorMessage } = toErrorObject(error);
      return { Status: "FAILED", Error: { ErrorType, ErrorMessage } };
    }
  };
}

/** What the runner registers for a handler given as a module: the module itself, or a loader that imports it afresh each time. */
export function registeredSource(source: FunctionSource, fresh: boolean): FunctionSource {
  if (typeof source === "function") return source;
  // A relative path means the working directory's, not the service's own folder.
  if (!fresh) return { module: moduleUrl(source.module), export: source.export };
  return (event: DurableExecutionInvocationInput, context: LambdaContextLike) =>
    importFresh(source).then((handler) => handler(event, context));
}

/**
 * Imports a new instance of the handler's module, so module-level state starts over as
 * in a new Lambda sandbox (ADR 0027). An ES module is imported under a URL with a query
 * no earlier import used; a CommonJS one is first dropped from the require cache, which
 * it is shared through whatever its URL. What the module imports is not reloaded: the
 * SDK, and the doubles a test shares with it, stay the same instances.
 */
export function importFresh(source: HandlerModule): Promise<DurableHandler> {
  const url = moduleUrl(source.module);
  if (url.startsWith("file:")) {
    const path = fileURLToPath(url);
    delete createRequire(url).cache[path];
  }
  const fresh = `${url}${url.includes("?") ? "&" : "?"}durable-rx-fresh=${randomUUID()}`;
  return importHandler({ module: fresh, export: source.export });
}

/** A file path (absolute or relative to the working directory) as a file URL; anything else as given. */
function moduleUrl(specifier: string): string {
  if (/^[a-zA-Z][a-zA-Z+.-]*:/.test(specifier) && !/^[a-zA-Z]:[\\/]/.test(specifier)) return specifier;
  return pathToFileURL(isAbsolute(specifier) ? specifier : resolve(specifier)).href;
}
