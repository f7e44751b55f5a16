import type { Observable } from "rxjs";
import type { ExecutionArn } from "../../ids/execution-arn.js";
import { DurableEngine } from "../engine/engine.js";
import { EngineError } from "../engine/engine-error.js";
import type { RecordWrite } from "../engine/journal.js";
import type { ExecutionRecord, HistoryEvent } from "../engine/records.js";
import type { ExecutionStore } from "../engine/store.js";
import { convertTimestamps } from "../engine/wire.js";
import { InProcessLambdaClient } from "../in-process-client.js";
import type { ServiceClock } from "../virtual-clock.js";
import { settleChainedInvokes } from "./chained-invokes.js";
import { EndWaiters, ExecutionStuckError } from "./end-waiters.js";
import { EventLog, type EventFilter } from "./event-log.js";
import { ExecutionIndex } from "./execution-index.js";
import { executionView, waitingFor, type LocalExecution } from "./execution-view.js";
import { FunctionRegistry, type FunctionSource, type RegisterOptions } from "./function-registry.js";
import type { LocalServiceEvent } from "./history-to-event.js";
import { Invoker } from "./invoker.js";
import type { InvokeInput, LocalLambdaApi } from "./lambda-api.js";
import { observedStore } from "./observed-store.js";
import { Scheduler } from "./scheduler.js";
import { createServiceApi } from "./service-api.js";
import { resolveClock, resolveStore, storedRecords, type LocalDurableServiceOptions } from "./service-options.js";
import { ServiceTransport } from "./service-transport.js";

/**
 * The durable-execution service on a laptop: the engine's rules over a store, a scheduler
 * that fires timers and invokes the registered functions, and the Lambda API
 * (LocalLambdaApi in process, HTTP after `listen()`). Handlers need no client
 * configuration: each invocation gets the service's own client through the ambient side
 * channel (DESIGN.md "The local service is a real service").
 *
 * @example
 * ```ts
 * const service = new LocalDurableService({ store: "memory", clock: "virtual" });
 * service.register("orders", handler);
 * const arn = service.start("orders", { orderId: 7 });
 * const done = await service.waitForEnd(arn);   // a week of waits, in no time
 * ```
 */
export class LocalDurableService implements LocalLambdaApi {
  readonly engine: DurableEngine;
  readonly clock: ServiceClock;
  private readonly registry = new FunctionRegistry();
  private readonly log: EventLog;
  private readonly index = new ExecutionIndex();
  private readonly waiters = new EndWaiters();
  private readonly scheduler: Scheduler;
  private readonly invoker: Invoker;
  private readonly api: LocalLambdaApi;
  private readonly transport: ServiceTransport;
  private readonly store: ExecutionStore;
  private readonly closeGraceMs: number;
  /** close() began: no new executions, invocations or waiters. */
  private closing = false;
  /** close() let go of running invocations: the store is no longer touched. */
  private closed = false;

  constructor(options: LocalDurableServiceOptions = {}) {
    const raw = resolveStore(options.store);
    const existing = [...storedRecords(raw)];
    this.clock = resolveClock(options.clock, existing);
    this.log = new EventLog(options.eventLogLimit);
    this.log.rebuild(existing);
    for (const record of existing) this.index.load(record);
    this.store = observedStore(raw, (writes) => this.onCommit(writes));
    this.engine = new DurableEngine({ ...options.engine, store: this.store });
    this.closeGraceMs = options.closeGraceMs ?? 5_000;
    const client = new InProcessLambdaClient(this.engine, {
      clock: this.clock.now,
      faults: options.faults,
      beforeRequest: () => {
        if (this.closed) throw new EngineError("ServiceException", "The local durable-execution service is closed.");
      },
    });
    this.transport = new ServiceTransport(this);
    this.invoker = new Invoker({
      engine: this.engine,
      clock: this.clock,
      client,
      isolated: () => this.transport.childRunner(),
      onSettled: () => this.scheduler.wake(),
      onInternalError: (error) => console.error("durable-rx: local service error while invoking", error),
    });
    this.scheduler = new Scheduler({
      clock: this.clock,
      pass: (now) => this.pass(now),
      nextDue: () => this.nextDue(),
      inFlight: () => this.invoker.inFlight,
      hasWaiters: () => this.waiters.size > 0,
      quiescentAfterMs: options.stuckAfterMs ?? (this.clock.kind === "virtual" ? 1_000 : undefined),
      onQuiescent: () => this.rejectStuckWaiters(),
      onError: (error) => console.error("durable-rx: local service scheduler error", error),
    });
    this.api = createServiceApi({
      engine: this.engine,
      clock: this.clock,
      registry: this.registry,
      waitForEnd: (arn) => this.waitForRecord(arn),
    });
    this.scheduler.wake();
  }

  /**
   * Makes `functionName` invocable: a handler (`durable(...)` or any function taking the
   * invocation event) or `{ module, export }`, run in this process or, with
   * `isolation: "child-process"`, in a child process of its own.
   */
  register(functionName: string, handler: FunctionSource, options: RegisterOptions = {}): this {
    this.registry.register(functionName, handler, options);
    this.scheduler.wake();
    return this;
  }

  /** Starts an execution (as an `Event` invoke) and returns its ARN at once. */
  start(functionName: string, input?: unknown, options: { name?: string } = {}): ExecutionArn {
    if (this.closing) throw closedError();
    const fn = this.registry.require(functionName, functionName);
    const { arn } = this.engine.startExecution(
      {
        functionName,
        name: options.name,
        input: input === undefined ? undefined : JSON.stringify(input),
        executionTimeoutSeconds: fn.executionTimeoutSeconds,
      },
      this.clock.now(),
    );
    return arn as ExecutionArn;
  }

  /** Starts an execution and waits for its end. */
  async run(functionName: string, input?: unknown, options: { name?: string } = {}): Promise<LocalExecution> {
    return this.waitForEnd(this.start(functionName, input, options));
  }

  /** A snapshot of one execution (ResourceNotFoundException when unknown). */
  execution(arn: string): LocalExecution {
    const record = this.load(arn);
    return executionView(record, !this.registry.get(record.functionName));
  }

  /** Every history event of the execution (PROTOCOL.md §13), timestamps in epoch ms. */
  history(arn: string): HistoryEvent[] {
    return convertTimestamps(this.load(arn).events, (ms) => ms);
  }

  /** Every execution, oldest first. */
  executions(): LocalExecution[] {
    return [...storedRecords(this.store)]
      .sort((a, b) => a.startMs - b.startMs)
      .map((record) => executionView(record, !this.registry.get(record.functionName)));
  }

  /**
   * Resolves with the execution once it has ended; rejects with ExecutionStuckError when
   * it cannot end by itself (see `stuckAfterMs`), or when the service closes.
   */
  async waitForEnd(arn: string): Promise<LocalExecution> {
    await this.waitForRecord(arn);
    return this.execution(arn);
  }

  /** Every change of every execution, once each, numbered (see EventLog). Completes on close. */
  get events$(): Observable<LocalServiceEvent> {
    return this.log.events$;
  }

  /** The logged events after `seq` (0: from the start), oldest first. */
  eventsSince(seq: number, filter?: EventFilter): LocalServiceEvent[] {
    return this.log.since(seq, filter);
  }

  /** The logged events after `seq`, then every new one live: no gap, no duplicate. */
  eventsFrom$(seq: number, filter?: EventFilter): Observable<LocalServiceEvent> {
    return this.log.from$(seq, filter);
  }

  /** Serves the Lambda API (and `GET /events`, `GET /executions`) over HTTP on 127.0.0.1. */
  async listen(port?: number): Promise<{ endpoint: string }> {
    if (this.closing) throw closedError();
    return this.transport.listen(port);
  }

  /**
   * Stops timers and invocations (running ones get `closeGraceMs` to finish), rejects
   * waiters, stops the HTTP server and child processes, completes `events$`. Unfinished
   * executions stay in the store; a service opened on the same SQLite file resumes them.
   */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.scheduler.close();
    for (const arn of this.waiters.arns()) this.waiters.reject(arn, closedError());
    await this.invoker.close(this.closeGraceMs);
    this.closed = true;
    await this.transport.close();
    this.log.close();
    this.store.close();
  }

  // ── LocalLambdaApi ──
  invoke(input: InvokeInput) {
    return this.api.invoke(input);
  }
  checkpointDurableExecution(input: Parameters<LocalLambdaApi["checkpointDurableExecution"]>[0]) {
    return this.api.checkpointDurableExecution(input);
  }
  getDurableExecutionState(input: Parameters<LocalLambdaApi["getDurableExecutionState"]>[0]) {
    return this.api.getDurableExecutionState(input);
  }
  getDurableExecution(input: Parameters<LocalLambdaApi["getDurableExecution"]>[0]) {
    return this.api.getDurableExecution(input);
  }
  getDurableExecutionHistory(input: Parameters<LocalLambdaApi["getDurableExecutionHistory"]>[0]) {
    return this.api.getDurableExecutionHistory(input);
  }
  listDurableExecutionsByFunction(input: Parameters<LocalLambdaApi["listDurableExecutionsByFunction"]>[0]) {
    return this.api.listDurableExecutionsByFunction(input);
  }
  stopDurableExecution(input: Parameters<LocalLambdaApi["stopDurableExecution"]>[0]) {
    return this.api.stopDurableExecution(input);
  }
  sendDurableExecutionCallbackSuccess(input: Parameters<LocalLambdaApi["sendDurableExecutionCallbackSuccess"]>[0]) {
    return this.api.sendDurableExecutionCallbackSuccess(input);
  }
  sendDurableExecutionCallbackFailure(input: Parameters<LocalLambdaApi["sendDurableExecutionCallbackFailure"]>[0]) {
    return this.api.sendDurableExecutionCallbackFailure(input);
  }
  sendDurableExecutionCallbackHeartbeat(input: Parameters<LocalLambdaApi["sendDurableExecutionCallbackHeartbeat"]>[0]) {
    return this.api.sendDurableExecutionCallbackHeartbeat(input);
  }

  // ── scheduling ──

  /** Called after every commit of the engine, whoever caused it; must not throw (the engine would roll back). */
  private onCommit(writes: readonly RecordWrite[]): void {
    try {
      for (const write of writes) {
        this.log.observe(write.record);
        this.index.apply(write);
        if (write.changes.ended) {
          const { arn } = write.record;
          // Outside the engine call that saved it: a waiter may call straight back in.
          queueMicrotask(() => this.waiters.resolve(arn));
        }
      }
      this.scheduler.wake();
    } catch (error) {
      console.error("durable-rx: local service failed to follow a change", error);
    }
  }

  /** One scheduling pass (see Scheduler): crashed invocations, timers, chained invokes, invocations. */
  private pass(now: number): void {
    if (this.closing) return;
    for (const arn of this.engine.executionsInvoking()) {
      // Recorded as running but not ours: the service that began it is gone (a restart, ADR 0019).
      if (!this.invoker.isRunning(arn)) this.engine.completeInvocation(arn, { thrown: serviceRestarted() }, now);
    }
    const due = this.store.nextDueAt();
    if (due !== undefined && due <= now) this.engine.fireDue(now);
    const chained = this.index.chainedInvokes();
    if (chained.length > 0) settleChainedInvokes(this.engine, chained, now, (name) => this.registry.get(name));
    const candidates = new Map<string, string | undefined>(this.index.extraCandidates(now));
    for (const arn of this.engine.executionsToInvoke()) if (!candidates.has(arn)) candidates.set(arn, undefined);
    for (const [arn, known] of candidates) {
      if (this.invoker.isRunning(arn) || (this.index.notBefore(arn) ?? now) > now) continue;
      const fn = this.registry.get(known ?? this.load(arn).functionName);
      if (fn) this.invoker.start(arn, fn);
    }
  }

  /** The next timer, or the next retry of a thrown invocation the service can run. */
  private nextDue(): number | undefined {
    const timer = this.store.nextDueAt();
    const retry = this.index.nextRetry((arn, fn) => !this.invoker.isRunning(arn) && this.registry.get(fn) !== undefined);
    if (timer === undefined) return retry;
    return retry === undefined ? timer : Math.min(timer, retry);
  }

  private async waitForRecord(arn: string): Promise<ExecutionRecord> {
    if (this.closing) throw closedError();
    if (this.load(arn).status === "RUNNING") {
      const ended = this.waiters.wait(arn);
      // A new waiter may be what the stuck timer was missing.
      this.scheduler.wake();
      await ended;
    }
    return this.load(arn);
  }

  private rejectStuckWaiters(): void {
    for (const arn of this.waiters.arns()) {
      const record = this.load(arn);
      if (record.status !== "RUNNING") this.waiters.resolve(arn);
      else this.waiters.reject(arn, new ExecutionStuckError(arn, waitingFor(record, !this.registry.get(record.functionName))));
    }
  }

  private load(arn: string): ExecutionRecord {
    const record = this.engine.getRecord(arn);
    if (!record) throw new EngineError("ResourceNotFoundException", `Durable execution ${arn} not found.`);
    return record;
  }
}

const closedError = (): Error => new Error("The local durable-execution service is closed.");

/** What a crashed invocation is recorded with (Lambda reports a dead runtime the same way). */
function serviceRestarted(): Error {
  const error = new Error("The local service stopped while this invocation was running.");
  error.name = "Runtime.ExitError";
  return error;
}
