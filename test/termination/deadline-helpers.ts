import { durable, type DurableConfig, type DurableContext } from "../../src/index.js";
import { DurableEngine } from "../../src/local/engine/index.js";
import { InProcessLambdaClient, type InProcessClientOptions } from "../../src/local/in-process-client.js";
import { runToCompletion, type RunToCompletionResult } from "../../src/local/in-process-runner.js";
import { VirtualClock } from "../../src/local/virtual-clock.js";
import type { DurableExecutionInvocationInput } from "../../src/wire/types.js";
import { RecordingClient } from "../helpers/recording-client.js";

export const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** The margin every test here configures: the deadline is `MARGIN_MS` before the fake timeout. */
export const MARGIN_MS = 1_000;

/**
 * A Lambda context whose remaining time is `margin + soonMs` when the invocation begins
 * and counts down in real time: the SDK's deadline comes `soonMs` after the start.
 * `undefined` gives Lambda's 15 minutes (no deadline within a test).
 */
export function lambdaContextEndingIn(soonMs: number | undefined) {
  const deadline = Date.now() + (soonMs === undefined ? 15 * 60_000 : MARGIN_MS + soonMs);
  return { awsRequestId: "test-request", getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) };
}

/**
 * Wraps a durable handler so that invocation `n` (0-based) sees a context whose deadline
 * comes `soonMs[n]` ms after it starts (`undefined`: none within the test).
 */
export function withDeadlines(handler: (event: DurableExecutionInvocationInput, context: object) => Promise<unknown>, soonMs: ReadonlyArray<number | undefined>) {
  let n = 0;
  return (event: DurableExecutionInvocationInput) => handler(event, lambdaContextEndingIn(soonMs[n++]));
}

export interface DeadlineRun {
  run: RunToCompletionResult;
  client: RecordingClient;
  engine: DurableEngine;
  /** Statuses (or THREW) of each invocation. */
  invocations: string[];
  /** What each thrown invocation threw. */
  thrown: unknown[];
  byName(name: string): any;
}

export interface DeadlineOptions extends Omit<InProcessClientOptions, "clock"> {
  /** Per invocation: ms until the deadline (see withDeadlines). */
  deadlines: ReadonlyArray<number | undefined>;
  config?: DurableConfig;
  input?: unknown;
}

/** Runs `fn` to its end on the in-process engine, invocation `n` reaching its deadline after `deadlines[n]` ms. */
export async function runWithDeadlines(fn: (event: any, ctx: DurableContext) => unknown, options: DeadlineOptions): Promise<DeadlineRun> {
  const engine = new DurableEngine();
  const clock = new VirtualClock();
  const { deadlines, config, input, ...clientOptions } = options;
  const client = new RecordingClient(new InProcessLambdaClient(engine, { ...clientOptions, clock: clock.now }));
  const handler = durable(fn as never, { logger: quiet, dev: false, terminationMarginMs: MARGIN_MS, ...config, client });
  const run = await runToCompletion(withDeadlines(handler as never, deadlines) as never, { input, engine, client, clock });
  const flat = engine.getRecord(run.arn)!.operations.map((entry) => entry.op);
  return {
    run,
    client,
    engine,
    invocations: run.invocations.map((i) => ("status" in i ? i.status : "THREW")),
    thrown: run.invocations.flatMap((i) => ("thrown" in i ? [i.thrown] : [])),
    byName: (name) => flat.find((op) => op.Name === name) as any,
  };
}

/** A step body that runs until its attempt is aborted (the invocation ended), then settles late. */
export const untilAborted = ({ signal }: { signal: AbortSignal }) =>
  new Promise<string>((resolve) => signal.addEventListener("abort", () => resolve("too late"), { once: true }));

/** A promise and the function that resolves it, for work the test releases by hand. */
export function gate<T = void>(): { promise: Promise<T>; open(value: T): void } {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}
