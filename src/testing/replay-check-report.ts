import type { OperationType } from "../wire/types.js";
import type { RecordedStatus } from "./history-snapshots.js";

/** What an operation is, as far as replay compares it (PROTOCOL.md §5.2). */
export interface OperationShape {
  readonly type?: OperationType;
  readonly name?: string;
  readonly subType?: string;
}

interface At {
  /** Which recorded moment was replayed: "after invocation 2 of 3", "as recorded". */
  readonly snapshot: string;
}

interface Positioned extends At {
  /** The raw hierarchical id (`3`, `3-1`): the operation's place among its context's calls. */
  readonly position: string;
  readonly operationId: string;
}

/**
 * One way the code no longer replays a recorded execution:
 * - `mismatch`: the history holds one operation at this position and the code asks
 *   for another (type, name or subtype differ): replay fails with NonDeterministicError;
 * - `new-operation`: the code creates an operation the history does not hold while the
 *   history goes on after it (or had already finished): work the recorded execution never did;
 * - `missing`: a recorded operation the code no longer creates (or never subscribes to);
 * - `outcome`: the replay ends differently (finishes where the recorded execution was
 *   waiting, waits where it had finished, succeeds where it failed);
 * - `error`: the handler could not replay at all (it threw, or did not answer in time).
 */
export type ReplayFinding =
  | (Positioned & { readonly kind: "mismatch"; readonly recorded: OperationShape; readonly code: OperationShape; readonly fields: readonly string[] })
  | (Positioned & { readonly kind: "new-operation"; readonly code: OperationShape; readonly before?: OperationShape & { position: string } })
  | (Positioned & { readonly kind: "missing"; readonly recorded: OperationShape })
  | (At & { readonly kind: "outcome"; readonly recorded: RecordedStatus; readonly replayed: string; readonly detail?: string })
  | (At & { readonly kind: "error"; readonly message: string });

/** A replayed moment, for the summary. */
export interface CheckedSnapshot {
  readonly snapshot: string;
  readonly status: RecordedStatus;
  readonly operations: number;
  /** Handler runs this moment took (one, plus one per probe or further mismatch). */
  readonly runs: number;
}

export function describeShape(shape: OperationShape): string {
  const name = shape.name === undefined ? "(unnamed)" : JSON.stringify(shape.name);
  return `${shape.type ?? "?"} ${name}${shape.subType === undefined ? "" : ` [${shape.subType}]`}`;
}

/**
 * The readable diff: `-` what the history holds, `+` what the code does. A difference
 * found at several recorded moments (a renamed step shows at every one after it) is
 * printed once, under the list of those moments.
 */
export function formatReport(findings: readonly ReplayFinding[], notes: readonly string[], checked: readonly CheckedSnapshot[]): string {
  const moments = checked.length === 1 ? "1 recorded moment" : `${checked.length} recorded moments`;
  if (findings.length === 0) {
    const lines = [`replayCheck: the code replays the history (${moments} checked)`];
    return (notes.length > 0 ? [...lines, "", "notes:", ...notes.map((note) => `  ${note}`)] : lines).join("\n");
  }
  const unique = new Map<string, { lines: string[]; snapshots: string[] }>();
  for (const finding of findings) {
    const lines = formatFinding(finding);
    const key = lines.join("\n");
    const entry = unique.get(key) ?? { lines, snapshots: [] };
    entry.snapshots.push(finding.snapshot);
    unique.set(key, entry);
  }
  const failing = new Set(findings.map((finding) => finding.snapshot)).size;
  const out = [
    `replayCheck: the code does not replay the history: ${unique.size === 1 ? "1 difference" : `${unique.size} differences`}, in ${failing} of ${moments}`,
    "  (- what the history holds, + what the code does; a position is a raw operation id: 3-1 is the first call inside operation 3)",
  ];
  let heading = "";
  for (const { lines, snapshots } of unique.values()) {
    const next = `${snapshots.join(", ")}:`;
    if (next !== heading) out.push("", (heading = next));
    out.push(...lines);
  }
  if (notes.length > 0) out.push("", "notes:", ...notes.map((note) => `  ${note}`));
  return out.join("\n");
}

function formatFinding(finding: ReplayFinding): string[] {
  switch (finding.kind) {
    case "mismatch":
      return [
        `  - ${pad(finding.position)} ${describeShape(finding.recorded)}`,
        `  + ${pad(finding.position)} ${describeShape(finding.code)}    (${finding.fields.join(", ")} differ${finding.fields.length === 1 ? "s" : ""}; id ${finding.operationId})`,
      ];
    case "new-operation": {
      const where = finding.before
        ? `before the recorded ${describeShape(finding.before)} at ${finding.before.position}`
        : "after the recorded execution had finished";
      return [`  + ${pad(finding.position)} ${describeShape(finding.code)}    (new: the history has no operation here; created ${where})`];
    }
    case "missing":
      return [`  - ${pad(finding.position)} ${describeShape(finding.recorded)}    (the code no longer creates or subscribes to it; id ${finding.operationId})`];
    case "outcome":
      return [`  outcome: the recorded execution ${finding.recorded === "RUNNING" ? "was still running" : `had ${finding.recorded}`}, the replay ${finding.replayed}${finding.detail ? ` (${finding.detail})` : ""}`];
    case "error":
      return [`  error: ${finding.message}`];
  }
}

const pad = (position: string): string => position.padEnd(6);
