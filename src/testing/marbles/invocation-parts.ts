import { LIMITS } from "../../checkpoint/limits.js";
import { NonDeterministicError, type DurableError } from "../../errors/index.js";
import { failedOutput } from "../../lambda/invocation-output.js";
import type { DurableConfig } from "../../lambda/durable-config.js";
import type { DurableEngine } from "../../local/engine/engine.js";
import type { HandlerOutcome } from "../../local/invoke-handler.js";
import type { DurableExecutionInvocationInput, Operation } from "../../wire/types.js";

/** As durable() answers a terminal condition (PROTOCOL.md §8): invocation-level failures throw, the rest FAIL. */
export function terminal(error: DurableError, config: DurableConfig): HandlerOutcome {
  if (error.failure === "invocation") return { thrown: error };
  if (error instanceof NonDeterministicError && config.onNonDeterminism === "retry-invocation") return { thrown: error };
  return { output: failedOutput(error) };
}

/** The event's operations and every further page (the engine pages large states). */
export function loadAll(engine: DurableEngine, event: DurableExecutionInvocationInput): Operation[] {
  const operations = [...(event.InitialExecutionState.Operations ?? [])];
  let marker = event.InitialExecutionState.NextMarker;
  while (marker) {
    const { DurableExecutionArn, CheckpointToken } = event;
    const page = engine.getExecutionState({ DurableExecutionArn, CheckpointToken, Marker: marker, MaxItems: LIMITS.statePageSize });
    operations.push(...(page.Operations ?? []));
    marker = page.NextMarker;
  }
  return operations;
}

