/**
 * The parts of the Lambda `Context` the SDK reads, written out so the public types
 * need no dependency on `aws-lambda`'s typings. A real Lambda context fits.
 */
export interface LambdaContextLike {
  readonly awsRequestId?: string;
  readonly functionName?: string;
  readonly functionVersion?: string;
  readonly invokedFunctionArn?: string;
  readonly tenantId?: string;
  getRemainingTimeInMillis?(): number;
  readonly [key: string]: unknown;
}
