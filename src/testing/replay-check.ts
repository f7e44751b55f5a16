import type { DurableHandler } from "../local/invoke-handler.js";
import { historySnapshots } from "./history-snapshots.js";
import { readHistory, type HistoryInput } from "./recorded-history.js";
import { formatReport, type CheckedSnapshot, type ReplayFinding } from "./replay-check-report.js";
import { checkSnapshot } from "./replay-check-snapshot.js";
import { TEST_EXECUTION_ARN } from "./history-builders.js";

export interface ReplayCheckOptions {
  /**
   * Which recorded moments to replay: `"each-invocation"` (default) replays the state at
   * the end of every recorded invocation, where a running execution waits for the next
   * one (and so meets newly deployed code), then the last state; `"final"` only the last.
   */
  readonly moments?: "each-invocation" | "final";
  /** Real milliseconds one replay may take before it counts as hung (default 10 000). */
  readonly timeoutMs?: number;
  /** The execution ARN the handler sees when the history names none. */
  readonly executionArn?: string;
}

/** What {@link replayCheck} found: `ok`, the findings, and `format()` for a readable diff. */
export interface ReplayCheckResult {
  readonly ok: boolean;
  /** Every difference, at every recorded moment (see {@link ReplayFinding}). */
  readonly findings: readonly ReplayFinding[];
  /** The findings that are non-determinism proper: another operation where the history holds one. */
  readonly mismatches: readonly Extract<ReplayFinding, { kind: "mismatch" }>[];
  /** Things worth knowing that do not break replay (the code goes on past the history, a different result). */
  readonly notes: readonly string[];
  readonly checked: readonly CheckedSnapshot[];
  format(): string;
}

/** Thrown by {@link assertReplays}; its message is the formatted diff. */
export class ReplayCheckError extends Error {
  override readonly name = "ReplayCheckError";
  constructor(readonly result: ReplayCheckResult) {
    super(result.format());
  }
}

/**
 * Runs `handler` (a `durable(...)` handler) against a recorded history and reports where
 * the code no longer replays it, the way a running execution would meet the new code
 * after a deployment: an operation that differs from the recorded one at the same
 * position (non-determinism), a new operation where the history goes on, a recorded
 * operation the code no longer creates, or a different ending.
 *
 * The handler is invoked in process, its client replaced by one that lets no work
 * through: nothing the history holds runs again (steps left running or retrying are
 * presented as not due), and the first new work ends the replay. A step the history
 * does not hold runs its body once before its checkpoint is refused, as in any replay:
 * give the handler the test doubles your unit tests use. A handler whose config names
 * its own `client` bypasses this one; leave `client` out of the config you check.
 *
 * @example
 * ```ts
 * test("the new code replays every recorded execution", async (t) => {
 *   const result = await replayCheck(handler, loadHistory("test/fixtures/order.history.json"));
 *   t.true(result.ok, result.format());
 * });
 * ```
 */
export async function replayCheck(handler: DurableHandler, history: HistoryInput, options: ReplayCheckOptions = {}): Promise<ReplayCheckResult> {
  if (typeof handler !== "function") throw new TypeError(`replayCheck: expected a durable(...) handler; got ${typeof handler}`);
  const recorded = readHistory(history);
  const arn = recorded.executionArn ?? options.executionArn ?? TEST_EXECUTION_ARN;
  const findings: ReplayFinding[] = [];
  const noted = new Map<string, string[]>();
  const checked: CheckedSnapshot[] = [];
  for (const snapshot of historySnapshots(recorded, options.moments)) {
    const outcome = await checkSnapshot(handler, snapshot, arn, options.timeoutMs ?? 10_000);
    findings.push(...outcome.findings);
    for (const note of outcome.notes) noted.set(note, [...(noted.get(note) ?? []), snapshot.label]);
    checked.push({ snapshot: snapshot.label, status: snapshot.status, operations: snapshot.operations.length, runs: outcome.runs });
  }
  // A note true at several moments is written once, after the list of them.
  const notes = [...noted].map(([note, labels]) => `${labels.join(", ")}: ${note}`);
  const mismatches = findings.filter((finding): finding is Extract<ReplayFinding, { kind: "mismatch" }> => finding.kind === "mismatch");
  return { ok: findings.length === 0, findings, mismatches, notes, checked, format: () => formatReport(findings, notes, checked) };
}

/**
 * {@link replayCheck} that throws a {@link ReplayCheckError} whose message is the diff,
 * for test frameworks that fail on a throw (node:test, Vitest, Jest, ava's `t.notThrowsAsync`).
 */
export async function assertReplays(handler: DurableHandler, history: HistoryInput, options: ReplayCheckOptions = {}): Promise<ReplayCheckResult> {
  const result = await replayCheck(handler, history, options);
  if (!result.ok) throw new ReplayCheckError(result);
  return result;
}
