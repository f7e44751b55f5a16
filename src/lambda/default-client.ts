import { ambientClient, type LambdaClientLike } from "../checkpoint/ambient-client.js";

let fromEnvironment: Promise<LambdaClientLike> | undefined;

/**
 * The client to use when the handler config names none: the one a local service
 * handed to this invocation, else one LambdaClient per process built from the
 * environment (loaded on first use; timeouts as the official SDK sets them).
 */
export function resolveClient(configured: LambdaClientLike | undefined): LambdaClientLike {
  const chosen = configured ?? ambientClient();
  if (chosen) return chosen;
  return {
    async send(command: unknown) {
      fromEnvironment ??= import("@aws-sdk/client-lambda").then(
        ({ LambdaClient }) =>
          new LambdaClient({
            requestHandler: { connectionTimeout: 5_000, socketTimeout: 50_000, requestTimeout: 55_000, throwOnRequestTimeout: true },
          }) as unknown as LambdaClientLike,
      );
      return (await fromEnvironment).send(command);
    },
  };
}
