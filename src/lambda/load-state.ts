import type { CheckpointPort } from "../checkpoint/checkpoint-port.js";
import { isTransient } from "../checkpoint/classify-error.js";
import { LIMITS } from "../checkpoint/limits.js";
import type {
  DurableExecutionInvocationInput,
  GetDurableExecutionStateInput,
  GetDurableExecutionStateOutput,
  Operation,
} from "../wire/types.js";

/** Reads of a page after a transient fault, with the checkpointer's back-off (100, 200, 400 ms). */
const TRANSIENT_RESENDS = 3;

/** The event's operations, then every further page the service holds (PROTOCOL.md §1.1). */
export async function loadInitialState(event: DurableExecutionInvocationInput, port: () => CheckpointPort): Promise<readonly Operation[]> {
  const first = event.InitialExecutionState.Operations ?? [];
  let marker = event.InitialExecutionState.NextMarker;
  // One page (the usual case): the event's own array, not a copy of every operation.
  if (!marker) return first;
  const operations = [...first];
  while (marker) {
    const page = await readPage(port, {
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

/**
 * One page, read again after a transient fault (429, 5xx, no answer) as a checkpoint is
 * sent again: a throttled read must not cost the whole invocation. Anything else, or
 * the last read failing, ends the invocation (thrown, so Lambda retries it).
 */
async function readPage(port: () => CheckpointPort, input: GetDurableExecutionStateInput): Promise<GetDurableExecutionStateOutput> {
  for (let resends = 0; ; resends++) {
    try {
      return await port().getState(input);
    } catch (error) {
      if (resends >= TRANSIENT_RESENDS || !isTransient(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** resends));
    }
  }
}
