import { toSeconds } from "../duration/index.js";
import { parseFunctionName } from "../local/service/chained-invokes.js";
import { ExecutionStuckError } from "../local/service/end-waiters.js";
import type { LocalServiceEvent } from "../local/service/history-to-event.js";
import { LocalDurableService } from "../local/service/local-durable-service.js";
import { observedStore } from "../local/service/observed-store.js";
import { MemoryExecutionStore } from "../local/store/memory-store.js";
import { CallbackHandle, CallbackTracker, declaredAnswer, type StartedCallback } from "./local-test-runner-callbacks.js";
import { RunnerClock } from "./local-test-runner-clock.js";
import { LocalTestRunnerError } from "./local-test-runner-error.js";
import { registeredSource } from "./local-test-runner-functions.js";
import { describeLimit, stuckMessage, unregisteredMessage } from "./local-test-runner-messages.js";
import type { LocalTestRunnerOptions, ResolvedLimits, RunOptions } from "./local-test-runner-options.js";
import { bullets, describeSituation } from "./local-test-runner-situation.js";
import type { TestOperation } from "./test-result-operation.js";
import { TestResult } from "./test-result.js";

export const DEFAULT_FUNCTION_NAME = "durable-function";

/** Something a test waits for: `probe` says whether it happened yet; `missing` words its absence. */
interface Wait {
  probe(): unknown;
  missing(why: string): string;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

/**
 * One `run()`: a LocalDurableService of its own (memory store, the runner's clock) with
 * the handler and functions registered, one execution started, and everything the test
 * waits on bounded. Ends once the execution ends (the outcome resolves with a
 * TestResult), or when a bound or a rule fails the run (it rejects), and then closes the
 * service, so nothing of it runs on into the next test.
 */
export class RunSession {
  readonly service: LocalDurableService;
  readonly callbacks = new CallbackTracker();
  readonly events: LocalServiceEvent[] = [];
  readonly executionArn: string | undefined;
  private readonly clock: RunnerClock | undefined;
  private readonly outcome: Promise<TestResult>;
  private settle!: { resolve(result: TestResult): void; reject(error: unknown): void };
  private readonly waits = new Set<Wait>();
  private readonly changeListeners = new Set<() => void>();
  private readonly realTimer: ReturnType<typeof setTimeout>;
  private ended: { result?: TestResult; error?: unknown } | undefined;
  private settled = false;
  private awaited = false;
  private waiting = 0;
  private watchingForStuck = false;
  private invocations = 0;

  constructor(
    private readonly options: LocalTestRunnerOptions,
    private readonly limits: ResolvedLimits,
    private readonly run: RunOptions,
  ) {
    this.outcome = new Promise<TestResult>((resolve, reject) => (this.settle = { resolve, reject }));
    // Surfaces only through then(): a run nobody awaits must not be an unhandled rejection.
    this.outcome.catch(() => {});
    const startMs = options.startTime === undefined ? Date.now() : new Date(options.startTime).getTime();
    this.clock = options.clock === "real" ? undefined : new RunnerClock(startMs, limits.virtualTimeMs, (due) => void this.fail(this.virtualTimeError(due, startMs)));
    this.service = new LocalDurableService({
      store: observedStore(new MemoryExecutionStore(), () => this.onCommit()),
      clock: this.clock ?? "real",
      stuckAfterMs: limits.idleMs,
      closeGraceMs: 1_000,
      engine: options.engine,
    });
    const functionName = options.functionName ?? DEFAULT_FUNCTION_NAME;
    const fresh = options.freshModulePerInvocation ?? false;
    // An invocation outlives the run's own bound a little, so the run's message (which names
    // the hung invocation) comes first, and a hung handler holds the process no longer than that.
    const registration = { timeoutMs: limits.realTimeMs + 1_000 };
    const executionTimeoutSeconds = options.executionTimeout === undefined ? undefined : toSeconds(options.executionTimeout, "executionTimeout");
    this.service.register(functionName, registeredSource(options.handler, fresh), { ...registration, executionTimeoutSeconds });
    for (const [name, source] of Object.entries(options.functions ?? {})) this.service.register(name, registeredSource(source, fresh), registration);
    this.service.events$.subscribe((event) => this.onEvent(event));
    this.realTimer = setTimeout(() => void this.fail(this.limitError("real-time")), limits.realTimeMs);
    // It keeps the process alive only while the test waits: a run nobody awaits must not hold up the exit.
    this.realTimer.unref();
    try {
      this.executionArn = this.service.start(functionName, run.input, { name: run.name });
    } catch (error) {
      // Refused as Lambda's Invoke would refuse it (an input over the limit): the run rejects with that.
      void this.fail(error);
    }
  }

  get isOver(): boolean {
    return this.settled;
  }

  /** The run's TestResult; virtual time moves while someone awaits it. */
  result(): Promise<TestResult> {
    if (!this.awaited) {
      this.awaited = true;
      const done = this.beginWait();
      this.outcome.then(done, done);
    }
    return this.outcome;
  }

  /** Resolves with `probe()`'s value once it has one; rejects, with `missing(why)`, when it can no longer come. */
  waitFor<T>(probe: () => T | undefined, missing: (why: string) => string): Promise<T> {
    const now = probe();
    if (now !== undefined) return Promise.resolve(now);
    if (this.ended) {
      if (!this.ended.result) return Promise.reject(this.ended.error);
      return Promise.reject(new LocalTestRunnerError("never-started", missing(`the execution ended ${this.ended.result.status}`)));
    }
    return new Promise<T>((resolve, reject) => {
      const done = this.beginWait();
      const wait: Wait = {
        probe,
        missing,
        resolve: (value) => (done(), resolve(value as T)),
        reject: (error) => (done(), reject(error)),
      };
      this.waits.add(wait);
    });
  }

  /** A handle on a callback that has started. */
  handle(started: StartedCallback): CallbackHandle {
    return new CallbackHandle(started, this.service);
  }

  /** A snapshot of operation `id` of the execution (from the TestResult once the run has ended). */
  operation(id: string): TestOperation | undefined {
    if (this.ended?.result) return this.ended.result.getOperationById(id);
    if (this.executionArn === undefined || this.settled) return undefined;
    return new TestResult(this.service.execution(this.executionArn), [], []).getOperationById(id);
  }

  /** Moves virtual time forward by `ms`, firing what falls due on the way, each at its time. */
  async advance(ms: number): Promise<void> {
    if (!this.clock) throw new TypeError("runner.clock.advance needs the virtual clock (new LocalTestRunner({ clock: \"virtual\" }))");
    if (this.settled) return;
    await this.clock.advanceBy(ms, () => this.idle());
  }

  now(): number {
    return this.service.clock.now();
  }

  // ── what the service reports ──

  private onCommit(): void {
    this.clock?.changed();
    for (const listener of [...this.changeListeners]) listener();
  }

  private onEvent(event: LocalServiceEvent): void {
    this.events.push(event);
    if (this.settled) return;
    // Counted as they end, so the message can say what the last one left the execution waiting for.
    if (event.detail.eventType === "InvocationCompleted" && ++this.invocations > this.limits.invocations) {
      void this.fail(this.limitError("invocations"));
      return;
    }
    const started = this.callbacks.observe(event);
    const answer = started?.name === undefined ? undefined : declaredAnswer(this.run.callbacks?.[started.name], started.index);
    // A declared answer the service refuses (a result over its limit) fails the run with the service's error.
    if (started && answer) this.handle(started).answer(answer).catch((error: unknown) => void this.fail(error));
    if (event.detail.eventType === "ChainedInvokeStarted" && this.isUnregistered(event.detail.functionName)) {
      void this.fail(new LocalTestRunnerError("unregistered-function", unregisteredMessage(event)));
      return;
    }
    for (const wait of [...this.waits]) {
      const value = wait.probe();
      if (value === undefined) continue;
      this.waits.delete(wait);
      wait.resolve(value);
    }
    if (event.executionArn === this.executionArn && /^Execution(Succeeded|Failed|TimedOut|Stopped)$/.test(event.detail.eventType)) {
      void this.finish();
    }
  }

  private isUnregistered(target: string | undefined): boolean {
    if (target === undefined || this.options.unregisteredFunctions === "fail-invoke") return false;
    const { functionName } = parseFunctionName(target);
    return functionName !== (this.options.functionName ?? DEFAULT_FUNCTION_NAME) && !Object.hasOwn(this.options.functions ?? {}, functionName);
  }

  // ── waiting, stuck, bounds ──

  /** The test waits on the runner: time may move, and a run that cannot go on is reported. */
  private beginWait(): () => void {
    const release = this.clock?.hold();
    if (++this.waiting === 1) this.realTimer.ref();
    this.watchForStuck();
    let done = false;
    return () => {
      if (done) return;
      done = true;
      if (--this.waiting === 0) this.realTimer.unref();
      release?.();
    };
  }

  /**
   * The service tells its end waiters when an execution cannot end by itself (nothing
   * runs, nothing is due, `stuckAfterMs` of quiet). That only matters while the test
   * waits: between its awaits the test may still be about to answer a callback.
   */
  private watchForStuck(): void {
    if (this.watchingForStuck || this.settled || this.executionArn === undefined) return;
    this.watchingForStuck = true;
    this.service.waitForEnd(this.executionArn).then(
      () => (this.watchingForStuck = false),
      (error: unknown) => {
        this.watchingForStuck = false;
        if (error instanceof ExecutionStuckError && !this.settled && this.waiting > 0) this.onStuck();
      },
    );
  }

  private onStuck(): void {
    const situation = this.situation();
    for (const wait of [...this.waits]) {
      this.waits.delete(wait);
      const why = `the execution cannot go on by itself; it waits for:${bullets(situation)}`;
      wait.reject(new LocalTestRunnerError("never-started", wait.missing(why), situation));
    }
    if (this.awaited) void this.fail(new LocalTestRunnerError("stuck", stuckMessage(situation), situation));
    // Someone may wait again later (after answering a callback): watch again then.
  }

  private situation(): string[] {
    return describeSituation(this.service, this.executionArn);
  }

  private limitError(kind: "real-time" | "invocations"): LocalTestRunnerError {
    const situation = this.situation();
    return new LocalTestRunnerError(kind, describeLimit(kind, situation, { limits: this.limits }), situation);
  }

  private virtualTimeError(due: number, startMs: number): LocalTestRunnerError {
    const situation = this.situation();
    return new LocalTestRunnerError("virtual-time", describeLimit("virtual-time", situation, { limits: this.limits, due, startMs }), situation);
  }

  /** True once nothing runs and nothing is due at all; otherwise false after a change or a short pause. */
  private async idle(): Promise<boolean> {
    for (let turn = 0; turn < 5; turn++) await new Promise((resolve) => setImmediate(resolve));
    const { engine } = this.service;
    if (engine.executionsInvoking().length === 0 && engine.executionsToInvoke().length === 0 && engine.nextDueAt() === undefined) return true;
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.changeListeners.delete(done);
        resolve();
      };
      const timer = setTimeout(done, 10);
      this.changeListeners.add(done);
    });
    return false;
  }

  // ── the end ──

  private async finish(): Promise<void> {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.realTimer);
    const arn = this.executionArn as string;
    const result = new TestResult(this.service.execution(arn), this.service.eventsSince(0, { executionArn: arn }), this.service.history(arn));
    await this.close();
    this.ended = { result };
    this.settle.resolve(result);
    for (const wait of this.waits) wait.reject(new LocalTestRunnerError("never-started", wait.missing(`the execution ended ${result.status}`)));
    this.waits.clear();
  }

  private async fail(error: unknown): Promise<void> {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.realTimer);
    await this.close();
    this.ended = { error };
    this.settle.reject(error);
    for (const wait of this.waits) wait.reject(error);
    this.waits.clear();
  }

  private async close(): Promise<void> {
    this.clock?.close();
    await this.service.close().catch(() => {});
  }
}
