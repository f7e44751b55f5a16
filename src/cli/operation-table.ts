import type { Operation } from "../wire/types.js";
import { formatDuration, oneLine, table } from "./format.js";
import { operationLabel } from "./event-lines.js";

const ms = (value: unknown): number | undefined => (typeof value === "number" ? value : value instanceof Date ? value.getTime() : undefined);

/**
 * The operations of one execution as a table, children under their parent context:
 * kind and name, status, attempts, how long it took (service time), result or error.
 */
export function operationTable(operations: readonly Operation[], width: number): string[] {
  const shown = operations.filter((op) => op.Type !== "EXECUTION");
  const depth = new Map<string, number>();
  const rows = shown.map((op) => {
    const level = op.ParentId ? (depth.get(op.ParentId) ?? 0) + 1 : 0;
    depth.set(op.Id, level);
    const start = ms(op.StartTimestamp);
    const end = ms(op.EndTimestamp);
    return [
      `${"  ".repeat(level)}${operationLabel({ operationType: op.Type, subType: op.SubType, name: op.Name, operationId: op.Id })}`,
      op.Status,
      op.StepDetails?.Attempt !== undefined ? String(op.StepDetails.Attempt) : "",
      start !== undefined && end !== undefined ? formatDuration(end - start) : "",
      outcomeOf(op),
    ];
  });
  if (rows.length === 0) return ["(no operations)"];
  return table(["operation", "status", "attempt", "took", "result / error"], rows, width);
}

function outcomeOf(op: Operation): string {
  const details = op.StepDetails ?? op.ContextDetails ?? op.CallbackDetails ?? op.ChainedInvokeDetails;
  const error = details?.Error;
  if (error) return oneLine(`${error.ErrorType ?? "Error"}: ${error.ErrorMessage ?? ""}`);
  if (details?.Result !== undefined) return oneLine(details.Result);
  return "";
}
