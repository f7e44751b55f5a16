import type { DurableContext, DurableOperation, RetryStrategy, StepContext } from "../../src/index.js";
import type { StoredOperation } from "../../src/local/engine/index.js";

/**
 * What a step body returns: its step's name, a value computed from the workflow's
 * inputs alone (`v`: the same in every run) and the run that produced it (`run`: which
 * body run of the whole execution, 1-based). A step that runs again returns a new `run`,
 * so a result can show which run the service kept, and whether the SDK delivered that one.
 */
export interface Tagged<T> {
  readonly step: string;
  readonly v: T;
  readonly run: number;
  /** The runs of the steps whose values this one was computed from, by step. */
  readonly from?: Readonly<Record<string, number>>;
}

/** One run of a step body. */
export interface BodyRun {
  readonly step: string;
  readonly attempt: number;
  /** The invocation it ran in (1-based). */
  readonly invocation: number;
  readonly atMostOnce: boolean;
  /** 1-based position among all body runs of the execution. */
  readonly run: number;
  /** The runs of the step values the body read, by step (see Tagged.from). */
  readonly from?: Readonly<Record<string, number>>;
  /** What the service held for the step when the body started (a terminal status is a finding). */
  readonly storedStatus: string | undefined;
}

/** The invocation a body runs in, and whether its process was killed. */
export interface Life {
  readonly number: number;
  readonly dead: boolean;
  /** Kills the process now; false when it already answered (then nothing dies). */
  kill(): boolean;
}

/** What the bodies ask of the run they belong to. */
export interface BodyHost {
  /** Logs the run and numbers it; `kill` when the crash plan kills the process at this very run. */
  bodyStarted(
    run: Omit<BodyRun, "run" | "storedStatus">,
    find: (ops: readonly StoredOperation[]) => StoredOperation | undefined,
  ): { run: number; kill: boolean };
}

export interface StepOptions {
  readonly atMostOnce?: boolean;
  /** Macrotasks the body waits before it returns, so a crash can land while it runs. */
  readonly yields?: number;
  /** Real milliseconds the body takes (after its yields). */
  readonly sleepMs?: number;
  /** The body throws on attempts below this one. */
  readonly succeedsOnAttempt?: number;
  readonly retry?: RetryStrategy;
  /** The step values `value` reads: the result records which runs it was computed from. */
  readonly from?: readonly Tagged<unknown>[];
  /** Where the step's record is, when it has no unique name (a waitForCallback submitter). */
  readonly find?: (ops: readonly StoredOperation[]) => StoredOperation | undefined;
}

const never = <T>(): Promise<T> => new Promise<T>(() => undefined);
const macrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A failure the workflows retry: the step's own, never the harness's. */
export class FlakyError extends Error {
  override readonly name = "FlakyError";
}

/**
 * Step bodies for one invocation of a crash workflow. Every run is logged with its
 * attempt; once the invocation's process is dead a body never returns (a killed
 * process runs nothing), and the run the crash plan names kills it.
 */
export class Bodies {
  constructor(
    private readonly host: BodyHost,
    private readonly life: Life,
  ) {}

  /** A step body that records itself and returns `Tagged<T>`. */
  body<T>(step: string, value: (attempt: number) => T, options: StepOptions = {}) {
    return async (stepCtx: StepContext): Promise<Tagged<T>> => {
      if (this.life.dead) return never();
      const find = options.find ?? ((ops: readonly StoredOperation[]) => ops.find((op) => op.Type === "STEP" && op.Name === step));
      const from = options.from && Object.fromEntries(options.from.map((input) => [input.step, input.run]));
      const { run, kill } = this.host.bodyStarted(
        { step, attempt: stepCtx.attempt, invocation: this.life.number, atMostOnce: options.atMostOnce === true, from },
        find,
      );
      if ((kill && this.life.kill()) || this.life.dead) return never();
      for (let i = 0; i < (options.yields ?? 0); i++) {
        await macrotask();
        if (this.life.dead) return never();
      }
      if (options.sleepMs) await new Promise((resolve) => setTimeout(resolve, options.sleepMs));
      if (this.life.dead) return never();
      if (stepCtx.attempt < (options.succeedsOnAttempt ?? 1)) throw new FlakyError(`${step} failed on attempt ${stepCtx.attempt}`);
      const v = value(stepCtx.attempt);
      return from ? { step, v, run, from } : { step, v, run };
    };
  }

  /**
   * A waitForCondition check that records itself like a step body (its record is the
   * STEP named `step`) and returns `next(state)` untagged: the state is the check's own.
   */
  check<S>(step: string, next: (state: S) => S) {
    const find = (ops: readonly StoredOperation[]) => ops.find((op) => op.Type === "STEP" && op.Name === step);
    return async (state: S, stepCtx: StepContext): Promise<S> => {
      if (this.life.dead) return never();
      const { kill } = this.host.bodyStarted(
        { step: `${step} check`, attempt: stepCtx.attempt, invocation: this.life.number, atMostOnce: false },
        (ops) => (find(ops)?.Status === "SUCCEEDED" ? find(ops) : undefined),
      );
      if ((kill && this.life.kill()) || this.life.dead) return never();
      await macrotask();
      return this.life.dead ? never() : next(state);
    };
  }

  /** `ctx.step(step, body, config)` with the semantics and retry of `options`. */
  step<T>(ctx: DurableContext, step: string, value: (attempt: number) => T, options: StepOptions = {}): DurableOperation<Tagged<T>> {
    return ctx.step(step, this.body(step, value, options), {
      semantics: options.atMostOnce ? "at-most-once-per-retry" : "at-least-once-per-retry",
      ...(options.retry ? { retry: options.retry } : {}),
    });
  }
}
