import type {
  CheckpointDurableExecutionInput,
  CheckpointDurableExecutionOutput,
  GetDurableExecutionStateInput,
  GetDurableExecutionStateOutput,
} from "../wire/types.js";
import type { LambdaClientLike } from "./ambient-client.js";

/** The two calls the SDK makes to the service while an invocation runs. */
export interface CheckpointPort {
  checkpoint(input: CheckpointDurableExecutionInput): Promise<CheckpointDurableExecutionOutput>;
  getState(input: GetDurableExecutionStateInput): Promise<GetDurableExecutionStateOutput>;
}

type CommandClass = new (input: object) => object;
interface DurableCommands {
  CheckpointDurableExecutionCommand: CommandClass;
  GetDurableExecutionStateCommand: CommandClass;
}

let commands: Promise<DurableCommands> | undefined;

/**
 * The AWS SDK is loaded on the first checkpoint, not at import: a replay-only or
 * suspend-at-once invocation never pays for it, and cold start stays small.
 */
function loadCommands(): Promise<DurableCommands> {
  commands ??= import("@aws-sdk/client-lambda").then((module) => {
    const found = module as unknown as Partial<DurableCommands>;
    if (!found.CheckpointDurableExecutionCommand || !found.GetDurableExecutionStateCommand) {
      throw new Error(
        "durable-rx: the installed @aws-sdk/client-lambda has no CheckpointDurableExecutionCommand. " +
          "Durable functions need @aws-sdk/client-lambda 3.1164.0 or later: bundle a newer client with your function.",
      );
    }
    return found as DurableCommands;
  });
  return commands;
}

/** Adapts any `send(command)` client (LambdaClient or a double) to the port. */
export function lambdaCheckpointPort(client: LambdaClientLike): CheckpointPort {
  return {
    async checkpoint(input) {
      const { CheckpointDurableExecutionCommand } = await loadCommands();
      return (await client.send(new CheckpointDurableExecutionCommand(input))) as CheckpointDurableExecutionOutput;
    },
    async getState(input) {
      const { GetDurableExecutionStateCommand } = await loadCommands();
      return (await client.send(new GetDurableExecutionStateCommand(input))) as GetDurableExecutionStateOutput;
    },
  };
}
