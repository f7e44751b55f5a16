import { LambdaClient } from "@aws-sdk/client-lambda";

/**
 * The real LambdaClient, pointed at a local service: the service does not check SigV4,
 * so any credentials do, and these placeholders keep the SDK from looking for real
 * ones (and from ever sending real ones to a local port).
 */
export function localLambdaClient(endpoint: string): LambdaClient {
  return new LambdaClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "durable-rx-local", secretAccessKey: "durable-rx-local" },
    maxAttempts: 2,
  });
}
