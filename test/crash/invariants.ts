import { isDeepStrictEqual } from "node:util";
import type { StoredOperation } from "../../src/local/engine/index.js";
import type { Tagged } from "./bodies.js";
import type { CheckpointMode } from "../../src/index.js";
import type { LocalExecution } from "../../src/local.js";
import type { ExecutionRecord } from "../../src/local/engine/index.js";
import type { BodyRun } from "./bodies.js";

/** What the checks read of a finished run (a crash run, a fault run). */
export interface CheckedRun {
  readonly mode: CheckpointMode;
  readonly execution: LocalExecution;
  readonly record: ExecutionRecord;
  readonly runs: readonly BodyRun[];
  /** Every finished operation the service ever held, first copy kept, by Id. */
  readonly everFinished: ReadonlyMap<string, StoredOperation>;
  /** Requests the service rejected (each one a request the SDK should not have sent). */
  readonly rejected: readonly { input: unknown; error: string }[];
  /** Invocations that had to end thrown (a kill, an invocation-level checkpoint failure). */
  readonly expectedThrown: number;
}

const TERMINAL = new Set(["SUCCEEDED", "FAILED", "CANCELLED", "TIMED_OUT", "STOPPED"]);

const isTagged = (value: unknown): value is Tagged<unknown> =>
  typeof value === "object" &&
  value !== null &&
  !Array.isArray(value) &&
  ["step", "v", "run"].every((key) => key in value) &&
  Object.keys(value).every((key) => ["step", "v", "run", "from"].includes(key));

/** The value with every Tagged's `run` removed: what must not change from run to run. */
function untag(value: unknown): unknown {
  if (isTagged(value)) return { step: value.step, v: untag(value.v), from: Object.keys(value.from ?? {}).sort() };
  if (Array.isArray(value)) return value.map(untag);
  if (typeof value === "object" && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, untag(v)]));
  return value;
}

function tagsIn(value: unknown, found: Tagged<unknown>[] = []): Tagged<unknown>[] {
  if (isTagged(value)) found.push(value);
  else if (Array.isArray(value)) for (const item of value) tagsIn(item, found);
  else if (typeof value === "object" && value !== null) for (const item of Object.values(value)) tagsIn(item, found);
  return found;
}

/** What an operation ended with: status and stored result or error, per type. */
const outcomeOf = (op: StoredOperation | undefined) =>
  op && {
    Status: op.Status,
    Step: [op.StepDetails?.Result, op.StepDetails?.Error],
    Context: [op.ContextDetails?.Result, op.ContextDetails?.Error],
    Callback: [op.CallbackDetails?.Result, op.CallbackDetails?.Error],
    Invoke: [op.ChainedInvokeDetails?.Result, op.ChainedInvokeDetails?.Error],
  };

const parse = (text: string | undefined): unknown => (text === undefined ? undefined : JSON.parse(text));

/**
 * Everything a crashed (or faulted) run must satisfy, compared with the crash-free
 * `baseline` of the same workflow and mode. Returns the violations in words (none: the run lost nothing).
 */
export function violations(baseline: CheckedRun, run: CheckedRun): string[] {
  const found: string[] = [];
  const { execution, record } = run;
  const ops = record.operations.map((entry) => entry.op);

  if (execution.status !== "SUCCEEDED") {
    found.push(`the execution ended ${execution.status}: ${JSON.stringify(execution.error)}`);
    return found;
  }

  // The same values as the crash-free run; a step that ran again may carry a later run,
  // but only the one the service kept.
  const result = parse(execution.result);
  const expected = parse(baseline.execution.result);
  if (!isDeepStrictEqual(untag(result), untag(expected))) {
    found.push(`result ${JSON.stringify(untag(result))} differs from the crash-free ${JSON.stringify(untag(expected))}`);
  }
  for (const tag of tagsIn(result)) {
    const stored = ops.find((op) => op.Type === "STEP" && op.Name === tag.step);
    const kept = parse(stored?.StepDetails?.Result);
    if (!isDeepStrictEqual(kept, tag)) {
      found.push(`the result carries ${JSON.stringify(tag)} but the service kept ${JSON.stringify(kept)} for step ${tag.step}`);
    }
  }

  // Every body read the runs of its inputs that the service kept, except where optimistic
  // mode lets an at-least-once step's value be read before its SUCCEED is acknowledged
  // (DESIGN.md: after a crash such a step may run again, "possibly with different inputs").
  const kept = new Map<string, number>();
  for (const op of ops) {
    const stored = op.Type === "STEP" && op.Name !== undefined ? parse(op.StepDetails?.Result) : undefined;
    if (isTagged(stored)) kept.set(stored.step, stored.run);
  }
  const atMostOnce = new Set(run.runs.filter((body) => body.atMostOnce).map((body) => body.step));
  for (const body of run.runs) {
    for (const [input, inputRun] of Object.entries(body.from ?? {})) {
      if (kept.get(input) === inputRun || (run.mode === "optimistic" && !atMostOnce.has(input))) continue;
      found.push(`body ${body.step} (run ${body.run}) read run ${inputRun} of ${input}, but the service kept run ${kept.get(input)}`);
    }
  }

  // At most once per attempt (at-most-once bodies); once per attempt and invocation (all).
  const counts = new Map<string, number>();
  for (const body of run.runs) {
    for (const key of body.atMostOnce ? [`${body.step} attempt ${body.attempt}`] : []) counts.set(key, (counts.get(key) ?? 0) + 1);
    const key = `${body.step} attempt ${body.attempt} in invocation ${body.invocation}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  for (const [key, count] of counts) if (count > 1) found.push(`body ${key} ran ${count} times`);

  for (const body of run.runs) {
    if (body.storedStatus && TERMINAL.has(body.storedStatus)) {
      found.push(`body of ${body.step} (run ${body.run}) ran although the service held it ${body.storedStatus}`);
    }
  }

  // Nothing the service held as finished was lost or changed.
  const final = new Map(ops.map((op) => [op.Id, op]));
  for (const [id, op] of run.everFinished) {
    if (!isDeepStrictEqual(outcomeOf(final.get(id)), outcomeOf(op))) {
      found.push(`${op.Type} ${op.Name ?? id} was ${JSON.stringify(outcomeOf(op))} and is now ${JSON.stringify(outcomeOf(final.get(id)))}`);
    }
  }

  // Every request was one the service accepts (PROTOCOL.md §2.4).
  for (const rejection of run.rejected) found.push(`the service rejected a request: ${rejection.error} ${JSON.stringify(rejection.input)}`);

  // History: each operation started and succeeded at most once (a step's attempts aside).
  const perOp = new Map<string, number>();
  for (const event of record.events) {
    const once = /(Succeeded|Cancelled|TimedOut|Stopped)$/.test(event.EventType) || (/Started$/.test(event.EventType) && event.EventType !== "StepStarted");
    // A waitForCondition's polling RETRY is logged StepSucceeded too (PROTOCOL.md §13): not a second success.
    if (!once || event.Id === undefined || event.EventType.startsWith("Execution") || event.SubType === "WaitForCondition") continue;
    const key = `${event.EventType} ${event.Name ?? event.Id}`;
    perOp.set(key, (perOp.get(key) ?? 0) + 1);
  }
  for (const [key, count] of perOp) if (count > 1) found.push(`history has ${count} × ${key}`);

  // Each kill or invocation-level failure ends its invocation as thrown (the service
  // retries it); nothing else throws.
  const threw = execution.invocations.filter((invocation) => invocation.outcome === "THREW").length;
  if (threw !== run.expectedThrown) found.push(`${threw} invocations threw, expected ${run.expectedThrown}`);
  return found;
}
