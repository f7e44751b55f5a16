/** What a Lambda runtime that runs several invocations at once exposes per invocation. */
interface InvokeStoreGlobal {
  awslambda?: { InvokeStore?: { getXRayTraceId?(): unknown } };
}

/**
 * The X-Ray trace header of the running invocation, when Lambda provides one: the
 * runtime's per-invocation store where it has one (Lambda runtimes that run several
 * invocations per process), else `_X_AMZN_TRACE_ID`, which the runtime sets for each
 * invocation. Passed on as `ChainedInvokeOptions.XAmznTraceId` (ADR 0018), so the
 * invoked function's trace hangs under the invocation that started it.
 */
export function currentTraceHeader(): string | undefined {
  const fromStore = (globalThis as InvokeStoreGlobal).awslambda?.InvokeStore?.getXRayTraceId?.();
  if (typeof fromStore === "string" && fromStore !== "") return fromStore;
  const fromEnv = process.env._X_AMZN_TRACE_ID;
  return fromEnv ? fromEnv : undefined;
}
