import { durable, type CheckpointMode } from "../../src/index.js";
import { DurableEngine, InProcessLambdaClient, runToCompletion } from "../../src/local.js";
import type { ExecutionRecord, StoredOperation } from "../../src/local/engine/index.js";
import type { RunToCompletionResult } from "../../src/local/in-process-runner.js";
import { crashWorkflow, type BodyLog } from "./workflow.js";

const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const CHECKPOINT = "CheckpointDurableExecution";

/**
 * Where to kill the invocation: around the k-th checkpoint request (0-based, counted by
 * ClientToken, so the SDK's resends of one request count once). `before`: the request
 * never reaches the engine. `after`: the engine applies it and the response is lost.
 * `once` faults the first delivery only (the SDK's transient retry, same ClientToken,
 * gets through); `every` faults every resend, so the invocation dies and is re-invoked.
 */
export interface CrashPoint {
  readonly k: number;
  readonly phase: "before" | "after";
  readonly faults: "once" | "every";
}

export interface CrashRun {
  readonly run: RunToCompletionResult;
  readonly record: ExecutionRecord;
  readonly log: BodyLog;
  /** Logical checkpoint requests (distinct ClientTokens) the run sent. */
  readonly requests: number;
  /** Whether some checkpoint request came without a ClientToken. */
  readonly missingClientToken: boolean;
  /** Whether the crash point was reached (a fault was injected). */
  readonly crashed: boolean;
  /** Body runs logged before the first fault. */
  readonly runsBeforeCrash: number;
  /** SUCCEEDED operations the engine held when the first fault fired, by Id. */
  readonly succeededAtCrash: ReadonlyMap<string, StoredOperation>;
  /** Every SUCCEEDED operation seen in the engine after any checkpoint, first copy kept. */
  readonly everSucceeded: ReadonlyMap<string, StoredOperation>;
}

/**
 * No `$metadata`: the SDK cannot tell this from a network failure, so it treats it as
 * transient (resend with the same ClientToken) and, when resends run out, as an
 * invocation-level failure that Lambda retries.
 */
export class InjectedCrash extends Error {
  override readonly name = "InjectedCrash";
}

const succeededOf = (record: ExecutionRecord | undefined): Map<string, StoredOperation> =>
  new Map((record?.operations ?? []).filter((entry) => entry.op.Status === "SUCCEEDED").map((entry) => [entry.op.Id, structuredClone(entry.op)]));

/** Runs the crash workflow to its end, killing one invocation at `crash` if given. */
export async function runWithCrash(mode: CheckpointMode, crash?: CrashPoint): Promise<CrashRun> {
  const engine = new DurableEngine();
  const log: BodyLog = { runs: [], invocation: 0 };
  const tokens = new Map<string, { index: number; deliveries: number }>();
  const everSucceeded = new Map<string, StoredOperation>();
  let arn = "";
  let fault: { runsBeforeCrash: number; succeededAtCrash: Map<string, StoredOperation> } | undefined;

  const inject = (phase: CrashPoint["phase"], input: unknown): void => {
    const token = (input as { ClientToken?: string }).ClientToken ?? "";
    const seen = tokens.get(token)!;
    if (!crash || crash.phase !== phase || crash.k !== seen.index) return;
    if (crash.faults === "once" && seen.deliveries > 1) return;
    fault ??= { runsBeforeCrash: log.runs.length, succeededAtCrash: succeededOf(engine.getRecord(arn)) };
    throw new InjectedCrash(`crash ${phase} checkpoint request ${seen.index} (delivery ${seen.deliveries})`);
  };

  const client = new InProcessLambdaClient(engine, {
    beforeRequest(name, input) {
      if (name !== CHECKPOINT) return;
      arn = String((input as { DurableExecutionArn: string }).DurableExecutionArn);
      // The SDK sends a ClientToken with every request; a missing one shows up as key "".
      const token = (input as { ClientToken?: string }).ClientToken ?? "";
      const seen = tokens.get(token) ?? { index: tokens.size, deliveries: 0 };
      seen.deliveries += 1;
      tokens.set(token, seen);
      inject("before", input);
    },
    afterResponse(name, input) {
      if (name !== CHECKPOINT) return;
      for (const [id, op] of succeededOf(engine.getRecord(arn))) if (!everSucceeded.has(id)) everSucceeded.set(id, op);
      inject("after", input);
    },
  });
  const handler = durable(crashWorkflow(log), { checkpoint: { mode }, client, logger: quiet, dev: false });
  const run = await runToCompletion(
    (event, context) => {
      log.invocation += 1;
      return handler(event, context);
    },
    { input: {}, clock: "virtual", client, engine },
  );
  return {
    run,
    record: engine.getRecord(run.arn)!,
    log,
    requests: tokens.size,
    missingClientToken: tokens.has(""),
    crashed: fault !== undefined,
    runsBeforeCrash: fault?.runsBeforeCrash ?? log.runs.length,
    succeededAtCrash: fault?.succeededAtCrash ?? new Map(),
    everSucceeded,
  };
}
