/**
 * Thrown by a workload whose subject lacks what it needs (durable-rx's `ctx.map` or
 * LocalDurableService not yet in dist): the configuration is reported as skipped, with
 * the message, not as failed.
 */
export class Skip extends Error {
  name = "Skip";
}
