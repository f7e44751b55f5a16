import { isDeepStrictEqual } from "node:util";
import { Subject, type Observable, type Subscription } from "rxjs";
import type { DurableConfig } from "../../lambda/durable-config.js";
import { DurableEngine } from "../../local/engine/engine.js";
import type { ExecutionStatus } from "../../local/engine/records.js";
import type { HandlerOutcome } from "../../local/invoke-handler.js";
import { DEFAULT_INVOCATION_TIMEOUT_MS } from "../../local/lambda-context.js";
import { describeWaitingFor } from "../../local/waiting-for.js";
import type { ErrorObject } from "../../wire/types.js";
import { historyFromEngine } from "../history-file.js";
import type { HistoryInput, RecordedHistory } from "../recorded-history.js";
import { MarbleUsageError } from "./marble-errors.js";
import type { MarbleRun } from "./marble-run.js";
import { seedExecution } from "./seed-execution.js";
import { VirtualInvocation, type Workflow } from "./virtual-invocation.js";
import type { CheckpointRequest } from "./virtual-port.js";

export interface ExecuteOptions {
  /** The execution's input (a recorded `history` brings its own). */
  readonly input?: unknown;
  /** Start from a recorded state (builders, or a loaded file) instead of from nothing. */
  readonly history?: HistoryInput;
  /** What `durable(fn, config)` would be given: checkpoint mode and window, serdes, logger, onNonDeterminism, dev. */
  readonly config?: DurableConfig;
  /** Frames (ms of service time) each checkpoint request takes; default 0 (answered at once). */
  readonly latency?: number;
  /** Invocations before the run gives up (default 50). */
  readonly maxInvocations?: number;
  /** Lambda's deadline per invocation, ms of service time (default 15 minutes). */
  readonly invocationTimeoutMs?: number;
}

/** One invocation of a marble execution: frames are ms of service time since the run began. */
export interface MarbleInvocation {
  readonly number: number;
  readonly startFrame: number;
  readonly endFrame: number;
  readonly outcome: "SUCCEEDED" | "FAILED" | "PENDING" | "THREW";
}

/** A durable execution driven in virtual service time, invocation after invocation. */
export interface MarbleExecution<T> {
  readonly arn: string;
  readonly engine: DurableEngine;
  /**
   * Each value the workflow emits, once, at the service time it was first emitted (a
   * later invocation's replay of it is not emitted again); completes when the execution
   * succeeds, errors with the workflow's error when it fails, stays silent while it waits.
   */
  readonly values$: Observable<T>;
  /** Every checkpoint request, at the frame it was sent (refreshes carry no updates). */
  readonly requests$: Observable<CheckpointRequest>;
  readonly invocations: readonly MarbleInvocation[];
  /** Replayed emissions that differ from the first time (see values$). */
  readonly divergences: readonly string[];
  readonly status: ExecutionStatus;
  /** The execution's result, parsed, once it SUCCEEDED. */
  readonly result: T | undefined;
  readonly error: ErrorObject | undefined;
  /** What a RUNNING execution waits for, in words. */
  waitingFor(): string[];
  /** The execution's history so far, as GetDurableExecutionHistory reports it. */
  history(): RecordedHistory;
  /** Completes the STARTED callback named `name` (or a waitForCallback of that name) with a raw payload. */
  succeedCallback(name: string, payload?: string): void;
  failCallback(name: string, error?: ErrorObject): void;
}

export class MarbleExecutionDriver<T> implements MarbleExecution<T> {
  readonly engine = new DurableEngine();
  readonly arn: string;
  readonly invocations: MarbleInvocation[] = [];
  readonly divergences: string[] = [];
  private readonly values = new Subject<T>();
  private readonly requests = new Subject<CheckpointRequest>();
  readonly values$ = this.values.asObservable();
  readonly requests$ = this.requests.asObservable();
  private readonly emitted: unknown[] = [];
  private active: VirtualInvocation | undefined;
  private wake: Subscription | undefined;

  constructor(
    private readonly run: MarbleRun,
    private readonly workflow: Workflow<T>,
    private readonly options: ExecuteOptions,
    private readonly where: string,
  ) {
    this.arn = options.history
      ? seedExecution(this.engine, options.history, run.now())
      : this.engine.startExecution({ functionName: "marble-workflow", input: options.input === undefined ? undefined : JSON.stringify(options.input) }, run.now()).arn;
    // Two hops at frame 0: whatever the test subscribes at frame 0 is listening first.
    run.schedule(() => run.schedule(() => this.invoke()));
  }

  get status(): ExecutionStatus {
    return this.engine.getRecord(this.arn)!.status;
  }

  get result(): T | undefined {
    const result = this.engine.getRecord(this.arn)!.result;
    return result === undefined || result === "" ? undefined : (JSON.parse(result) as T);
  }

  get error(): ErrorObject | undefined {
    return this.engine.getRecord(this.arn)!.error;
  }

  waitingFor(): string[] {
    return describeWaitingFor(this.engine.getRecord(this.arn)!);
  }

  history(): RecordedHistory {
    return historyFromEngine(this.engine, this.arn);
  }

  succeedCallback(name: string, payload?: string): void {
    this.engine.succeedCallback(this.callbackId(name), payload, this.run.now());
    this.poke();
  }

  failCallback(name: string, error?: ErrorObject): void {
    this.engine.failCallback(this.callbackId(name), error, this.run.now());
    this.poke();
  }

  private invoke(): void {
    if (this.active || this.run.over || this.status !== "RUNNING") return;
    const max = this.options.maxInvocations ?? 50;
    if (this.invocations.length >= max) {
      this.run.problem(new MarbleUsageError(`${this.where}: gave up after ${max} invocations; the execution waits for: ${this.waitingFor().join("; ")}`));
      return;
    }
    const number = this.invocations.length + 1;
    let index = 0;
    const where = `${this.where}, invocation ${number}`;
    const invocation = new VirtualInvocation({
      run: this.run,
      where,
      scheduler: this.run.scheduler,
      engine: this.engine,
      arn: this.arn,
      number,
      now: this.run.now,
      config: this.options.config ?? {},
      latency: this.options.latency ?? 0,
      timeoutMs: this.options.invocationTimeoutMs ?? DEFAULT_INVOCATION_TIMEOUT_MS,
      onValue: (value) => this.emit(number, index++, value),
      onRequest: (request) => this.requests.next(request),
      onEnd: (outcome, failure) => this.ended(number, invocation, outcome, failure),
    });
    this.active = invocation;
    this.run.track(invocation, where);
    invocation.run(this.workflow);
  }

  /** A later invocation replays what an earlier one emitted: only what is new reaches values$. */
  private emit(invocation: number, index: number, value: unknown): void {
    if (index >= this.emitted.length) {
      this.emitted.push(value);
      this.values.next(value as T);
    } else if (!isDeepStrictEqual(this.emitted[index], value)) {
      this.divergences.push(
        `invocation ${invocation} emitted ${JSON.stringify(value)} as value ${index + 1}, where an earlier invocation emitted ${JSON.stringify(this.emitted[index])}`,
      );
    }
  }

  private ended(number: number, invocation: VirtualInvocation, outcome: HandlerOutcome, failure: unknown): void {
    this.active = undefined;
    const end = this.engine.completeInvocation(this.arn, outcome, this.run.now());
    this.invocations.push({ number, startFrame: invocation.startedAt, endFrame: this.run.scheduler.now(), outcome: end.invocation.outcome! });
    if (end.status === "SUCCEEDED") return this.values.complete();
    if (end.status !== "RUNNING") return this.values.error(failure ?? Object.assign(new Error(end.invocation.error?.ErrorMessage ?? end.status), end.invocation.error));
    if (end.reinvoke) this.run.schedule(() => this.invoke());
    else this.armWake();
  }

  /** Between invocations: jump to the next timer, fire it, invoke if it changed anything. */
  private armWake(): void {
    this.wake?.unsubscribe();
    const due = this.engine.nextDueAt(this.arn);
    if (due === undefined) return;
    this.wake = this.run.schedule(() => {
      this.wake = undefined;
      this.engine.fireDue(this.run.now());
      if (this.engine.executionsToInvoke().includes(this.arn)) this.invoke();
      else if (!this.active) this.armWake();
    }, Math.max(0, due - this.run.now()));
  }

  /** Something changed from outside (a callback): invoke unless an invocation will see it. */
  private poke(): void {
    if (this.active) return this.active.refreshNow();
    if (!this.engine.executionsToInvoke().includes(this.arn)) return;
    this.wake?.unsubscribe();
    this.run.schedule(() => this.invoke());
  }

  private callbackId(name: string): string {
    const operations = this.engine.getRecord(this.arn)!.operations.map((entry) => entry.op);
    const named = operations.find((op) => op.Name === name && (op.Type === "CALLBACK" || op.SubType === "WaitForCallback"));
    const callback = named?.Type === "CALLBACK" ? named : operations.find((op) => op.Type === "CALLBACK" && op.ParentId === named?.Id);
    const id = callback?.CallbackDetails?.CallbackId;
    if (!id || callback.Status !== "STARTED") {
      throw new MarbleUsageError(`${this.where}: no started callback named ${JSON.stringify(name)} (waiting for: ${this.waitingFor().join("; ")})`);
    }
    return id;
  }
}
