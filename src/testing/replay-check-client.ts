import type { LambdaClientLike } from "../checkpoint/ambient-client.js";
import type { OperationUpdate } from "../wire/types.js";

/**
 * The service a replay check hands the handler: it answers a refresh (`Updates: []`)
 * with "nothing changed", and rejects the first request that carries work the
 * recorded history does not hold, after keeping a copy of it. The rejection is a 4xx,
 * so the invocation ends at once (FAILED): a replay check never lets new work go on.
 */
export class ReplayCheckClient implements LambdaClientLike {
  /** Updates of every request that carried any, in order. */
  readonly rejected: OperationUpdate[][] = [];
  private token = 0;

  async send(command: unknown): Promise<unknown> {
    const name = (command as { constructor?: { name?: string } })?.constructor?.name ?? "";
    const input = ((command as { input?: unknown })?.input ?? {}) as { Updates?: OperationUpdate[] };
    if (name === "CheckpointDurableExecutionCommand") {
      const updates = input.Updates ?? [];
      if (updates.length === 0) return { CheckpointToken: `replay-check-${++this.token}`, NewExecutionState: { Operations: [] }, $metadata: {} };
      this.rejected.push(structuredClone(updates));
      throw serviceError("replayCheck: new work after the recorded history; the check stops here");
    }
    if (name === "GetDurableExecutionStateCommand") return { Operations: [], $metadata: {} };
    throw serviceError(`replayCheck: a replayed handler has no business calling ${name || "an unknown command"}`);
  }
}

function serviceError(message: string): Error {
  return Object.assign(new Error(message), { name: "InvalidParameterValueException", $metadata: { httpStatusCode: 400 } });
}
