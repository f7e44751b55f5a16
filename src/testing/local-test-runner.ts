import { toSeconds, type DurationLike } from "../duration/index.js";
import { FunctionRegistry } from "../local/service/function-registry.js";
import type { CallbackHandle } from "./local-test-runner-callbacks.js";
import { LocalTestRunnerError } from "./local-test-runner-error.js";
import { parseRunnerOptions, parseRunOptions, resolveLimits, type LocalTestRunnerOptions, type ResolvedLimits, type RunOptions } from "./local-test-runner-options.js";
import { DEFAULT_FUNCTION_NAME, RunSession } from "./local-test-runner-session.js";
import { RunningExecution } from "./local-test-runner-running.js";
import { waitForOperation, type WaitForOperationOptions } from "./local-test-runner-operations.js";
import type { TestOperation } from "./test-result-operation.js";

/** Which callback of a name: 0 (default) for the first to start, 1 for the second... */
export interface CallbackSelector {
  index?: number;
}

/**
 * Runs a durable handler to its end in this process, on the local service's engine and
 * an in-memory store, with a virtual clock: a workflow that waits a year finishes in
 * milliseconds, and every rule and limit of the service applies (an update the service
 * would refuse fails here, not first in AWS). Framework-neutral: no global fake timers.
 *
 * Time moves only while the test waits on the runner (awaits `run()`, a
 * `callbacks.waitFor`, `waitForOperation` or `clock.advance`), and then jumps to the next
 * timer once nothing runs. Every wait is bounded (`limits`): a run that cannot go on
 * rejects with a {@link LocalTestRunnerError} that says what the execution waits for.
 *
 * @example
 * ```ts
 * const runner = new LocalTestRunner({ handler });
 * const execution = runner.run({ input: { id: "p-1", amount: 1800 } });
 * const approval = await runner.callbacks.waitFor("manager-approval");
 * await approval.succeed({ approved: true });
 * const result = await execution;
 * expect(result.status).toBe("SUCCEEDED");
 * expect(result.getOperation("place-order").result).toBe("PO-p-1");
 * ```
 */
export class LocalTestRunner {
  /** Answers callbacks by name once they have started (see {@link RunnerCallbacks}). */
  readonly callbacks: RunnerCallbacks;
  /** The run's clock: `now()`, and `advance(duration)` to let time pass without awaiting the result. */
  readonly clock: RunnerClockControl;
  private readonly options: LocalTestRunnerOptions;
  private readonly limits: ResolvedLimits;
  private current: RunSession | undefined;
  private readonly nextRun = new Set<(session: RunSession) => void>();

  constructor(options: LocalTestRunnerOptions) {
    this.options = parseRunnerOptions(options);
    this.limits = resolveLimits(this.options.limits);
    // Function names are checked now, as the service checks them, rather than at the first run.
    const names = new FunctionRegistry();
    names.register(this.options.functionName ?? DEFAULT_FUNCTION_NAME, () => undefined);
    for (const name of Object.keys(this.options.functions ?? {})) names.register(name, () => undefined);
    this.callbacks = new RunnerCallbacks(() => this.session());
    this.clock = {
      now: () => this.current?.now() ?? (this.options.startTime === undefined ? Date.now() : new Date(this.options.startTime).getTime()),
      advance: async (duration) => {
        const ms = toSeconds(duration, "runner.clock.advance") * 1000;
        const session = this.current;
        if (!session || session.isOver) throw new Error("runner.clock.advance: no run is in progress (start one with runner.run())");
        await session.advance(ms);
      },
    };
  }

  /**
   * Starts an execution of the handler with `input` and returns it running: await it for
   * the {@link TestResult} (`T` types its `result`). One run at a time per runner (a test that runs in parallel
   * with others creates its own runner).
   */
  run<T = unknown>(options: RunOptions = {}): RunningExecution<T> {
    const parsed = parseRunOptions(options);
    if (this.current && !this.current.isOver) {
      throw new Error("LocalTestRunner.run: a run is still in progress; await it first, or give each concurrent test its own LocalTestRunner");
    }
    const session = new RunSession(this.options, this.limits, parsed);
    this.current = session;
    for (const resolve of this.nextRun) resolve(session);
    this.nextRun.clear();
    return new RunningExecution<T>(session);
  }

  /**
   * Resolves once the `index`-th operation named `name` of the execution has started (or,
   * with `until: "ended"`, ended), with a snapshot of it; rejects with a message when the
   * execution ends or gets stuck first.
   */
  async waitForOperation(name: string, options: WaitForOperationOptions = {}): Promise<TestOperation> {
    return waitForOperation(await this.session(), name, options);
  }

  /** The current run, the last one when none runs, or the next one when none has started yet (bounded). */
  private session(): Promise<RunSession> {
    if (this.current) return Promise.resolve(this.current);
    return new Promise<RunSession>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.nextRun.delete(started);
        reject(new LocalTestRunnerError("never-started", `LocalTestRunner: no run started within ${this.limits.realTimeMs} ms (limits.realTimeMs); call runner.run({ input })`));
      }, this.limits.realTimeMs);
      const started = (session: RunSession): void => {
        clearTimeout(timer);
        resolve(session);
      };
      this.nextRun.add(started);
    });
  }
}

/** `runner.clock`. */
export interface RunnerClockControl {
  /** The run's current time, epoch ms. */
  now(): number;
  /** Lets `duration` pass (virtual clock only): whatever falls due meanwhile fires, each at its own time. */
  advance(duration: DurationLike): Promise<void>;
}

/**
 * `runner.callbacks`: the test plays the party that answers a callback. Each method waits
 * (bounded) until the callback named `name` has started (a `waitForCallback`'s name names
 * its callback), then acts through the service's callback API.
 */
export class RunnerCallbacks {
  constructor(private readonly session: () => Promise<RunSession>) {}

  /** Resolves with a handle once the callback has started; rejects with a message when it never does. */
  async waitFor(name: string, { index = 0 }: CallbackSelector = {}): Promise<CallbackHandle> {
    const session = await this.session();
    const which = index === 0 ? `"${name}"` : `"${name}" #${index + 1}`;
    const started = await session.waitFor(
      () => session.callbacks.find(name, index),
      (why) => `LocalTestRunner: callback ${which} never started: ${why}\nCallbacks that started: ${session.callbacks.names()}.`,
    );
    return session.handle(started);
  }

  /** Waits for the callback, then completes it with `value` (JSON). */
  async succeed(name: string, value?: unknown, selector?: CallbackSelector): Promise<CallbackHandle> {
    const handle = await this.waitFor(name, selector);
    await handle.succeed(value);
    return handle;
  }

  /** Waits for the callback, then fails it with `error` (an Error, an ErrorObject or a message). */
  async fail(name: string, error?: unknown, selector?: CallbackSelector): Promise<CallbackHandle> {
    const handle = await this.waitFor(name, selector);
    await handle.fail(error);
    return handle;
  }

  /** Waits for the callback, then sends a heartbeat. */
  async heartbeat(name: string, selector?: CallbackSelector): Promise<CallbackHandle> {
    const handle = await this.waitFor(name, selector);
    await handle.heartbeat();
    return handle;
  }
}
