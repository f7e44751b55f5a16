import type { CheckpointPort } from "../checkpoint/checkpoint-port.js";
import { LIMITS } from "../checkpoint/limits.js";
import type { DurableExecutionInvocationInput, Operation } from "../wire/types.js";

/** The event's operations, then every further page the service holds (PROTOCOL.md §1.1). */
export async function loadInitialState(event: DurableExecutionInvocationInput, port: () => CheckpointPort): Promise<Operation[]> {
  const operations = [...(event.InitialExecutionState.Operations ?? [])];
  let marker = event.InitialExecutionState.NextMarker;
  while (marker) {
    const page = await port().getState({
      DurableExecutionArn: event.DurableExecutionArn,
      CheckpointToken: event.CheckpointToken,
      Marker: marker,
      MaxItems: LIMITS.statePageSize,
    });
    operations.push(...(page.Operations ?? []));
    marker = page.NextMarker;
  }
  return operations;
}
