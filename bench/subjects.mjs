// The two SDKs under test behind one shape, so a workload is written once per SDK only
// where their APIs differ. Each child process loads the one SDK it measures (a dynamic
// import), so neither SDK's modules sit in the other's heap or import time.
//
// Both talk to the service through the same InProcessLambdaClient, and both through the
// AWS SDK's command objects: durable-rx takes the client in its config; the official SDK
// takes a transport through its exported DurableExecutionInvocationInputWithClient
// (the channel its own testing library uses), here its DurableExecutionApiClient over
// the same client, which is exactly what it builds for itself in Lambda.

export const SDKS = ["official", "durable-rx"];

export const silent = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * `wrap(fn, { client, mode })` → a Lambda handler `(event, lambdaContext) => output`;
 * `batchResults(result)` → the item results of a `map`, in order.
 */
export async function loadSubject(sdk) {
  if (sdk === "durable-rx") {
    const { durable } = await import("durable-rx");
    return {
      sdk,
      wrap: (fn, { client, mode } = {}) =>
        // dev: false as in Lambda, where AWS_LAMBDA_FUNCTION_NAME turns development checks off.
        durable(fn, { client, logger: silent, dev: false, ...(mode ? { checkpoint: { mode } } : {}) }),
      batchResults: (batch) => batch.results(),
    };
  }
  if (sdk === "official") {
    const official = await import("@aws/durable-execution-sdk-js");
    const { withDurableExecution, DurableExecutionInvocationInputWithClient, DurableExecutionApiClient } = official;
    return {
      sdk,
      wrap: (fn, { client } = {}) => {
        const handler = withDurableExecution(fn);
        // In Lambda the SDK builds a DurableExecutionApiClient per invocation over its
        // cached LambdaClient; this does the same over the in-process client.
        return (event, context) =>
          handler(new DurableExecutionInvocationInputWithClient(event, new DurableExecutionApiClient(client)), context);
      },
      batchResults: (batch) => batch.getResults(),
    };
  }
  throw new Error(`unknown sdk ${sdk}`);
}

/** A Lambda context for handlers called directly (W2), with Lambda's 15-minute deadline. */
export function lambdaContext(requestId = "bench-request") {
  const deadline = Date.now() + 15 * 60_000;
  return {
    awsRequestId: requestId,
    functionName: "bench",
    functionVersion: "$LATEST",
    invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:bench:$LATEST",
    memoryLimitInMB: "1024",
    logGroupName: "/aws/lambda/bench",
    logStreamName: "local",
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}
