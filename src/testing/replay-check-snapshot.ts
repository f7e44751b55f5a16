import type { DurableHandler } from "../local/invoke-handler.js";
import { TERMINAL_STATUSES, type Operation } from "../wire/types.js";
import type { HistorySnapshot } from "./history-snapshots.js";
import { compareRawIds, rawIdsOf, rawIdUnder } from "./raw-ids.js";
import { describeShape, type OperationShape, type ReplayFinding } from "./replay-check-report.js";
import { presentForReplay, replayOnce, type Override, type RunOutcome } from "./replay-check-run.js";

/** Further runs to look past mismatches (each one renames an operation as the code asks). */
const MAX_MISMATCH_RUNS = 25;

interface SnapshotOutcome {
  findings: ReplayFinding[];
  notes: string[];
  runs: number;
}

const shapeOf = (operation: Pick<Operation, "Type" | "Name" | "SubType">): OperationShape => ({
  type: operation.Type,
  name: operation.Name,
  subType: operation.SubType,
});

/**
 * Replays one recorded moment: first as recorded, then — while the code disagrees about
 * an operation — with that operation renamed as the code asks, to list every
 * disagreement and not only the first (a changed type stops the comparison there: the
 * values after it belong to another operation). With none, it compares how the replay
 * ends, and probes that the code still reaches the last operation of every context
 * whose code runs again.
 */
export async function checkSnapshot(handler: DurableHandler, snapshot: HistorySnapshot, arn: string, timeoutMs: number): Promise<SnapshotOutcome> {
  const operations = snapshot.operations;
  const byId = new Map(operations.map((operation) => [operation.Id, operation]));
  const raw = rawIdsOf(operations);
  const overrides = new Map<string, Override>();
  const result: SnapshotOutcome = { findings: [], notes: [], runs: 0 };
  const at = { snapshot: snapshot.label };
  const position = (id: string, hint?: string) => hint ?? raw.get(id) ?? id;
  const replay = (probe?: string): Promise<RunOutcome> => {
    result.runs++;
    return replayOnce(handler, presentForReplay(operations, overrides, probe), arn, timeoutMs);
  };

  let outcome = await replay();
  let typeChangedAt: string | undefined;
  const mismatched = new Map<string, { fields: string[]; rawId?: string }>();
  for (let i = 0; outcome.kind === "mismatch" && i < MAX_MISMATCH_RUNS; i++) {
    if (typeChangedAt !== undefined && outcome.operationId !== typeChangedAt) break;
    const entry = mismatched.get(outcome.operationId) ?? { fields: [], rawId: outcome.rawId };
    entry.fields.push(outcome.field === "subType" ? "subtype" : outcome.field);
    mismatched.set(outcome.operationId, entry);
    const override = { ...overrides.get(outcome.operationId) };
    if (outcome.field === "type") {
      override.Type = outcome.actual as Operation["Type"];
      typeChangedAt = outcome.operationId;
    } else if (outcome.field === "name") override.Name = outcome.actual as string | undefined;
    else override.SubType = outcome.actual as string;
    overrides.set(outcome.operationId, override);
    outcome = await replay();
  }
  if (mismatched.size > 0) {
    for (const [id, entry] of mismatched) {
      const recorded = byId.get(id);
      const code = recorded ? shapeOf(presentForReplay([recorded], overrides)[0]!) : {};
      const known = typeChangedAt === id && outcome.kind === "mismatch" && outcome.operationId === id ? { ...code, name: undefined, subType: undefined } : code;
      result.findings.push({
        kind: "mismatch",
        ...at,
        position: position(id, entry.rawId),
        operationId: id,
        recorded: recorded ? shapeOf(recorded) : {},
        code: known,
        fields: entry.fields,
      });
    }
    if (typeChangedAt !== undefined) {
      const where = position(typeChangedAt, mismatched.get(typeChangedAt)?.rawId);
      result.notes.push(`operations after ${where} were not compared (the code asks for another type of operation there, so what follows replays values that belong to something else)`);
    }
    return result;
  }
  await judge(outcome, snapshot, byId, raw, result);
  // Probing needs a replay that ends on its own: not one stopped at new work, not a crash.
  if (outcome.kind === "answered") await probe(snapshot, raw, replay, result);
  return result;
}

/** New work, and how the replay ended, against what the recorded execution did. */
async function judge(outcome: RunOutcome, snapshot: HistorySnapshot, byId: Map<string, Operation>, raw: Map<string, string>, result: SnapshotOutcome): Promise<void> {
  const at = { snapshot: snapshot.label };
  if (outcome.kind === "new-work") {
    const known = new Map(raw);
    for (const update of outcome.updates) {
      if (byId.has(update.Id)) continue;
      const parentRaw = update.ParentId === undefined ? undefined : known.get(update.ParentId);
      const rawId = update.ParentId !== undefined && parentRaw === undefined ? undefined : rawIdUnder(parentRaw, update.Id);
      if (rawId !== undefined) known.set(update.Id, rawId);
      const later = rawId === undefined ? undefined : firstRecordedAfter(rawId, snapshot.operations, raw);
      const code = shapeOf(update);
      if (snapshot.status !== "RUNNING" || later) {
        const before = later ? { ...shapeOf(later), position: raw.get(later.Id)! } : undefined;
        result.findings.push({ kind: "new-operation", ...at, position: rawId ?? update.Id, operationId: update.Id, code, before });
      } else {
        result.notes.push(`the code goes on past the recorded history with ${describeShape(code)} at ${rawId ?? update.Id} (not run: a replay check runs no new work)`);
      }
      return;
    }
    result.notes.push(`the code goes on with a recorded operation (${outcome.updates.map((u) => `${u.Action} ${raw.get(u.Id) ?? u.Id}`).join(", ")})`);
    return;
  }
  if (outcome.kind === "threw") {
    const error = outcome.error as { name?: string; message?: string };
    result.findings.push({ kind: "error", ...at, message: `the handler threw ${error?.name ?? "an error"}: ${error?.message ?? String(outcome.error)}` });
    return;
  }
  if (outcome.kind !== "answered") return;
  const replayed = outcome.status === "PENDING" ? "suspended (PENDING)" : outcome.status;
  const error = outcome.error ? `${outcome.error.ErrorType ?? "Error"}: ${outcome.error.ErrorMessage ?? ""}` : undefined;
  if (snapshot.status === "RUNNING" && outcome.status !== "PENDING") {
    const waiting = snapshot.operations.filter((operation) => isWaiting(operation)).map((operation) => `${describeShape(shapeOf(operation))} at ${raw.get(operation.Id) ?? operation.Id}`);
    const detail = [error, waiting.length > 0 ? `the recorded execution waits for ${waiting.join(", ")}` : undefined].filter(Boolean).join("; ");
    result.findings.push({ kind: "outcome", ...at, recorded: "RUNNING", replayed, detail: detail || undefined });
  } else if (snapshot.status !== "RUNNING" && outcome.status === "PENDING") {
    result.findings.push({ kind: "outcome", ...at, recorded: snapshot.status, replayed, detail: "the code now waits for something the recorded execution finished without" });
  } else if (snapshot.status !== "RUNNING" && snapshot.status !== outcome.status) {
    result.findings.push({ kind: "outcome", ...at, recorded: snapshot.status, replayed, detail: error });
  } else if (snapshot.status === "SUCCEEDED" && snapshot.result !== undefined && outcome.result !== snapshot.result) {
    result.notes.push(`the replay returns ${clip(outcome.result)} where the recorded execution returned ${clip(snapshot.result)}`);
  }
}

/**
 * Checks that the code still reaches the last recorded operation of the root and of
 * every context whose function runs again (STARTED, or replaying its children): that
 * operation is presented with a type no code asks for, so reaching it is a mismatch.
 * When it is not reached, a binary search finds the first recorded operation that is not.
 */
async function probe(snapshot: HistorySnapshot, raw: Map<string, string>, replay: (probe?: string) => Promise<RunOutcome>, result: SnapshotOutcome): Promise<void> {
  const reached = async (operation: Operation) => {
    const outcome = await replay(operation.Id);
    return outcome.kind === "mismatch" && outcome.operationId === operation.Id;
  };
  const missing = new Set<string>();
  for (const [contextId, children] of rerunContexts(snapshot.operations, raw)) {
    if (contextId !== undefined && missing.has(contextId)) continue;
    if (children.length === 0 || (await reached(children[children.length - 1]!))) continue;
    let low = 0;
    let high = children.length - 1; // children[high] is not reached
    while (low < high) {
      const mid = (low + high) >> 1;
      if (await reached(children[mid]!)) low = mid + 1;
      else high = mid;
    }
    for (const operation of children.slice(high)) {
      missing.add(operation.Id);
      result.findings.push({ kind: "missing", snapshot: snapshot.label, position: raw.get(operation.Id)!, operationId: operation.Id, recorded: shapeOf(operation) });
    }
  }
}

/** The root and every CONTEXT whose function runs again on replay, each with its children in call order, parents first. */
function rerunContexts(operations: readonly Operation[], raw: Map<string, string>): Map<string | undefined, Operation[]> {
  const byId = new Map(operations.map((operation) => [operation.Id, operation]));
  const reruns = (id: string | undefined): boolean => {
    if (id === undefined) return true;
    const context = byId.get(id);
    if (!context || context.Type !== "CONTEXT") return false;
    const again = context.Status === "STARTED" || context.ContextDetails?.ReplayChildren === true;
    return again && reruns(context.ParentId);
  };
  const contexts = new Map<string | undefined, Operation[]>();
  const ordered = operations.filter((operation) => raw.has(operation.Id)).sort((a, b) => compareRawIds(raw.get(a.Id)!, raw.get(b.Id)!));
  for (const operation of ordered) {
    if (!reruns(operation.ParentId)) continue;
    const siblings = contexts.get(operation.ParentId) ?? [];
    siblings.push(operation);
    contexts.set(operation.ParentId, siblings);
  }
  return contexts;
}

function firstRecordedAfter(rawId: string, operations: readonly Operation[], raw: Map<string, string>): Operation | undefined {
  let first: Operation | undefined;
  for (const operation of operations) {
    const other = raw.get(operation.Id);
    if (other === undefined || compareRawIds(other, rawId) <= 0) continue;
    if (!first || compareRawIds(other, raw.get(first.Id)!) < 0) first = operation;
  }
  return first;
}

/** An operation the recorded execution was blocked on (not a CONTEXT: its children are). */
const isWaiting = (operation: Operation) => operation.Type !== "EXECUTION" && operation.Type !== "CONTEXT" && !TERMINAL_STATUSES.has(operation.Status);

const clip = (text: string | undefined) => (text === undefined ? "nothing" : text.length > 120 ? `${text.slice(0, 117)}...` : text);
