/**
 * The parts of the Lambda `Context` a durable handler uses, typed structurally so no
 * public declaration depends on `aws-lambda` (STYLE.md §7.7).
 */
export interface LambdaContextLike {
  awsRequestId: string;
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  logGroupName: string;
  logStreamName: string;
  callbackWaitsForEmptyEventLoop: boolean;
  tenantId?: string;
  getRemainingTimeInMillis(): number;
  /** Open, like the SDK's own context type, so any handler typed against Lambda's Context accepts it. */
  readonly [key: string]: unknown;
}

/** Lambda's maximum invocation time, the deadline a local invocation reports by default. */
export const DEFAULT_INVOCATION_TIMEOUT_MS = 15 * 60 * 1000;

/**
 * A context for one local invocation. The remaining time counts down in real time, as
 * the SDK's own timers do, whatever clock the service uses.
 */
export function createLambdaContext(
  requestId: string,
  functionArn: string,
  overrides: Partial<LambdaContextLike> = {},
  timeoutMs: number = DEFAULT_INVOCATION_TIMEOUT_MS,
): LambdaContextLike {
  const deadline = Date.now() + timeoutMs;
  const functionName = functionArn.split(":")[6] ?? functionArn;
  const functionVersion = functionArn.split(":")[7] ?? "$LATEST";
  return {
    awsRequestId: requestId,
    functionName,
    functionVersion,
    invokedFunctionArn: functionArn,
    memoryLimitInMB: "128",
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `local/${requestId}`,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    ...overrides,
  };
}
