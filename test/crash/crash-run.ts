import { durable, type CheckpointMode } from "../../src/index.js";
import { InProcessLambdaClient, LocalDurableService } from "../../src/local.js";
import { sequentialIds } from "../../src/local/engine/index.js";
import { Bodies, type BodyHost } from "./bodies.js";
import { CrashClient, InvocationLife, type RequestControl } from "./crash-client.js";
import type { CrashPhase, CrashPoint } from "./crash-space.js";
import type { CheckedRun } from "./invariants.js";
import { ExecutionWatch } from "./execution-watch.js";
import type { CrashWorkflow } from "./workflows.js";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** Which invocation a crash killed, and when. */
export interface CrashMoment {
  readonly invocation: number;
  /** Body runs and checkpoint requests before the kill. */
  readonly runsBefore: number;
  readonly requestsBefore: number;
}

/** Everything one run of a workflow left behind, for the checks. */
export interface CrashRun extends CheckedRun {
  readonly workflow: string;
  /** Where the process is killed: each point once (none: the crash-free run). */
  readonly plan: readonly CrashPoint[];
  /** Checkpoint requests the SDK sent (the crash space's `k` runs over these). */
  readonly requests: number;
  /** Where processes died: each point of the plan reached while its invocation was live. */
  readonly crashes: readonly CrashMoment[];
  /** Callbacks the harness answered. */
  readonly callbacksAnswered: number;
  /** Requests of dead processes that reached the service late: whether each was applied (it never may be). */
  readonly late: readonly boolean[];
}

export interface CrashRunOptions {
  /**
   * Operations per page of the invocation event and of each checkpoint's
   * NewExecutionState (default 1,000, as AWS): a small size makes the SDK page state in
   * with GetDurableExecutionState while it starts and between checkpoints.
   */
  readonly pageSize?: number;
  /**
   * `real`: the service's timers run on the wall clock, so a wait can come due while an
   * invocation is alive (the SDK learns of it by a refresh checkpoint). Default: the
   * workflow's own clock, else `virtual`.
   */
  readonly clock?: "real" | "virtual";
}

/**
 * Runs `workflow` to its end on a LocalDurableService (memory store, virtual clock unless told otherwise),
 * killing an invocation's process at each point of `plan`. The service then does what
 * Lambda does with a runtime that died: records the invocation as thrown and invokes
 * the execution again after its back-off. Callbacks are answered as soon as they start.
 */
export async function crashRun(
  workflow: CrashWorkflow,
  mode: CheckpointMode,
  plan: readonly CrashPoint[] = [],
  options: CrashRunOptions = {},
): Promise<CrashRun> {
  const pages = options.pageSize === undefined ? {} : { eventPageSize: options.pageSize, newStatePageSize: options.pageSize };
  const clock = options.clock ?? workflow.clock ?? "virtual";
  const service = new LocalDurableService({ clock, engine: { ids: sequentialIds(), ...pages }, closeGraceMs: 0 });
  const watch = new ExecutionWatch(service);
  let requests = 0;
  const crashes: CrashMoment[] = [];
  const rejected: { input: unknown; error: string }[] = [];
  const late: boolean[] = [];
  const heldUp: (() => void)[] = [];
  const deliverHeldUp = () => {
    for (const deliver of heldUp.splice(0)) deliver();
  };

  const control: RequestControl & BodyHost = {
    nextRequest(): CrashPhase | undefined {
      const k = requests++;
      return plan.find((point) => point.phase !== "body" && point.k === k)?.phase;
    },
    answered: () => watch.noteFinished(),
    rejected(input, error) {
      rejected.push({ input, error: `${(error as Error).name}: ${(error as Error).message}` });
    },
    deliverLate: (deliver) => heldUp.push(deliver),
    lateAnswered: (applied) => late.push(applied),
    bodyStarted(run, find) {
      const number = watch.bodyStarted(run, find);
      return { run: number, kill: plan.some((point) => point.phase === "body" && point.k === number - 1) };
    },
  };

  let invocations = 0;
  const onKill = (life: InvocationLife) => {
    crashes.push({ invocation: life.number, runsBefore: watch.runs.length, requestsBefore: requests });
  };
  service.register("workflow", async (event: unknown, context: unknown) => {
    const life = new InvocationLife(++invocations, onKill);
    // Whatever a dead process left in the network arrives now that this one has begun.
    deliverHeldUp();
    const client = new CrashClient(new InProcessLambdaClient(service.engine, { clock: service.clock.now }), life, control);
    const bodies = new Bodies(control, life);
    const handler = durable(workflow.handler(bodies), { client, checkpoint: { mode }, logger: quiet, dev: false });
    const answer = handler(event, context as never);
    answer.then(
      () => life.end(),
      () => life.end(),
    );
    return Promise.race([answer, life.killed]);
  });

  const answering = watch.answerCallbacks();
  try {
    watch.arn = service.start("workflow", {});
    let execution = await service.waitForEnd(watch.arn);
    deliverHeldUp();
    await new Promise((resolve) => setImmediate(resolve));
    execution = service.execution(watch.arn);
    watch.noteFinished();
    return {
      workflow: workflow.name,
      mode,
      plan,
      execution,
      record: structuredClone(watch.record()!),
      runs: watch.runs,
      requests,
      crashes,
      expectedThrown: crashes.length,
      everFinished: watch.everFinished,
      rejected,
      callbacksAnswered: watch.callbacksAnswered,
      late,
    };
  } finally {
    answering.unsubscribe();
    await service.close();
  }
}
