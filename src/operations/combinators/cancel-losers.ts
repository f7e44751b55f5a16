import type { ObservableInput } from "rxjs";
import type { InvocationScope } from "../../context/invocation-scope.js";
import { cancelWhenStarted } from "../cancel-wait.js";

/**
 * Cancels the waits that lost a race: each losing input that is a durable operation
 * whose record turns out to be a STARTED wait gets a CANCEL (once its START is known
 * to the service). Other losers are left alone: a step keeps running to its durable
 * outcome, as an unsubscribed operation always does. An input built by piping an
 * operation has no id, so a wait must be passed as itself to be cancelled.
 */
export function cancelLosers(scope: InvocationScope, inputs: readonly ObservableInput<unknown>[], winner: number): void {
  inputs.forEach((input, index) => {
    const id = index === winner ? undefined : operationIdOf(input);
    if (id !== undefined) cancelWhenStarted(scope, id, false).subscribe();
  });
}

function operationIdOf(input: ObservableInput<unknown>): string | undefined {
  const id = (input as { id?: unknown }).id;
  return typeof id === "string" ? id : undefined;
}
