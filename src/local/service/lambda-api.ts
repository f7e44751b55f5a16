import type {
  CheckpointDurableExecutionInput,
  CheckpointDurableExecutionOutput,
  ErrorObject,
  GetDurableExecutionStateInput,
  GetDurableExecutionStateOutput,
} from "../../wire/types.js";

/**
 * The seam between the local service and its transports. One async method per Lambda
 * API operation the service answers, taking and returning the operation's members as
 * the Smithy model names them (PascalCase), with every timestamp in epoch milliseconds:
 * each transport converts (epoch seconds for HTTP JSON, `Date` in process).
 *
 * Errors are thrown as `EngineError` (name = the model's exception, `statusCode`).
 * Every method that changes an execution also wakes the scheduler, so a callback sent
 * over HTTP resumes its execution without polling.
 */
export interface LocalLambdaApi {
  invoke(input: InvokeInput): Promise<InvokeOutput>;
  checkpointDurableExecution(input: CheckpointDurableExecutionInput): Promise<CheckpointDurableExecutionOutput>;
  getDurableExecutionState(input: GetDurableExecutionStateInput): Promise<GetDurableExecutionStateOutput>;
  getDurableExecution(input: { DurableExecutionArn: string; IncludeExecutionData?: boolean }): Promise<Record<string, unknown>>;
  getDurableExecutionHistory(input: {
    DurableExecutionArn: string;
    IncludeExecutionData?: boolean;
    MaxItems?: number;
    Marker?: string;
    ReverseOrder?: boolean;
  }): Promise<Record<string, unknown>>;
  listDurableExecutionsByFunction(input: {
    FunctionName: string;
    Qualifier?: string;
    DurableExecutionName?: string;
    Statuses?: string[];
    StartedAfter?: number;
    StartedBefore?: number;
    ReverseOrder?: boolean;
    Marker?: string;
    MaxItems?: number;
  }): Promise<Record<string, unknown>>;
  stopDurableExecution(input: { DurableExecutionArn: string; Error?: ErrorObject }): Promise<{ StopTimestamp: number }>;
  sendDurableExecutionCallbackSuccess(input: { CallbackId: string; Result?: string }): Promise<Record<string, never>>;
  sendDurableExecutionCallbackFailure(input: { CallbackId: string; Error?: ErrorObject }): Promise<Record<string, never>>;
  sendDurableExecutionCallbackHeartbeat(input: { CallbackId: string }): Promise<Record<string, never>>;
}

/** Invoke as the Lambda API takes it; `Payload` is the request body as UTF-8 text. */
export interface InvokeInput {
  FunctionName: string;
  Qualifier?: string;
  InvocationType?: "RequestResponse" | "Event" | "DryRun";
  DurableExecutionName?: string;
  Payload?: string;
}

/**
 * `StatusCode` 200 (RequestResponse, after the execution ended), 202 (Event) or 204
 * (DryRun). `FunctionError` is `"Unhandled"` when the execution failed, with the error
 * as the Payload, as Lambda reports a failed synchronous invoke.
 */
export interface InvokeOutput {
  StatusCode: number;
  DurableExecutionArn: string;
  Payload?: string;
  FunctionError?: string;
  ExecutedVersion?: string;
}
