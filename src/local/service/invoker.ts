import type { LambdaClientLike } from "../../checkpoint/ambient-client.js";
import type { DurableEngine } from "../engine/engine.js";
import { invokeHandler, type DurableHandler, type HandlerOutcome } from "../invoke-handler.js";
import { createLambdaContext, type LambdaContextLike } from "../lambda-context.js";
import type { ServiceClock } from "../virtual-clock.js";
import type { FunctionSource, HandlerModule, RegisteredFunction } from "./function-registry.js";
import type { DurableExecutionInvocationInput } from "../../wire/types.js";

/** Runs a handler in another process (see child-process-runner.ts). */
export interface IsolatedRunner {
  run(
    fn: RegisteredFunction & { source: HandlerModule },
    event: DurableExecutionInvocationInput,
    context: LambdaContextLike,
  ): Promise<HandlerOutcome>;
}

export interface InvokerDeps {
  engine: DurableEngine;
  clock: ServiceClock;
  /** The client in-process handlers get through the ambient side channel. */
  client: LambdaClientLike;
  isolated(): Promise<IsolatedRunner>;
  /** Called after every invocation ended (or failed to start), so the scheduler looks again. */
  onSettled(): void;
  /** Told about failures of the service itself while it ran an invocation. */
  onInternalError(error: unknown): void;
}

/**
 * Calls a registered function once for an execution, as Lambda would: a fresh checkpoint
 * token and the full event from the engine, the handler run in-process (with the
 * service's client made ambient) or in a child process, its outcome applied to the
 * engine, which records the invocation (start, end, outcome) in the execution's history.
 * Never two invocations of one execution at once: `start` refuses while one runs.
 */
export class Invoker {
  private readonly running = new Map<string, Promise<void>>();
  private readonly modules = new Map<string, Promise<DurableHandler>>();
  /** No new invocations (close() began). */
  private stopping = false;
  /** Late outcomes are ignored (close() gave up waiting). */
  private closed = false;

  constructor(private readonly deps: InvokerDeps) {}

  isRunning(arn: string): boolean {
    return this.running.has(arn);
  }

  get inFlight(): number {
    return this.running.size;
  }

  /** Begins an invocation of `arn` now; false when one is already running. */
  start(arn: string, fn: RegisteredFunction): boolean {
    if (this.stopping || this.running.has(arn)) return false;
    const { engine, clock } = this.deps;
    const begun = engine.beginInvocation(arn, clock.now());
    const functionArn = engine.describeExecution(arn, false).FunctionArn;
    const context = createLambdaContext(begun.requestId, functionArn, {}, fn.timeoutMs);
    const run = this.call(fn, begun.event, context)
      .then((outcome) => {
        if (!this.closed) engine.completeInvocation(arn, outcome, clock.now());
      })
      .catch((error: unknown) => this.deps.onInternalError(error))
      .finally(() => {
        this.running.delete(arn);
        this.deps.onSettled();
      });
    this.running.set(arn, run);
    return true;
  }

  /**
   * Stops starting invocations; resolves once the running ones ended (their outcomes
   * recorded), or after `graceMs`, from when on whatever they do is ignored.
   */
  async close(graceMs: number): Promise<void> {
    this.stopping = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    await Promise.race([Promise.allSettled(this.running.values()), grace]);
    clearTimeout(timer);
    this.closed = true;
  }

  private async call(fn: RegisteredFunction, event: DurableExecutionInvocationInput, context: LambdaContextLike): Promise<HandlerOutcome> {
    if (fn.isolation === "child-process") {
      const runner = await this.deps.isolated();
      return runner.run(fn as RegisteredFunction & { source: HandlerModule }, event, context);
    }
    let handler: DurableHandler;
    try {
      handler = await this.load(fn.source);
    } catch (thrown) {
      // A module that fails to load is the function failing, as Lambda reports an init error.
      return { thrown };
    }
    return invokeHandler(handler, this.deps.client, event, context, fn.timeoutMs);
  }

  private load(source: FunctionSource): Promise<DurableHandler> {
    if (typeof source === "function") return Promise.resolve(source);
    const key = `${source.module}#${source.export ?? "handler"}`;
    let loading = this.modules.get(key);
    if (!loading) {
      loading = importHandler(source);
      this.modules.set(key, loading);
      // A failed load is retried on the next invocation (the file may have been fixed).
      loading.catch(() => this.modules.delete(key));
    }
    return loading;
  }
}

/** The named export of a handler module, checked to be a function. */
export async function importHandler(source: HandlerModule): Promise<DurableHandler> {
  const exportName = source.export ?? "handler";
  const specifier = /^[a-zA-Z]:[\\/]|^\//.test(source.module) ? (await import("node:url")).pathToFileURL(source.module).href : source.module;
  const loaded = (await import(specifier)) as Record<string, unknown>;
  const handler = loaded[exportName] ?? (loaded.default as Record<string, unknown> | undefined)?.[exportName];
  if (typeof handler !== "function") {
    const error = new Error(`${source.module} has no function export "${exportName}"`);
    error.name = "Runtime.HandlerNotFound";
    throw error;
  }
  return handler as DurableHandler;
}
