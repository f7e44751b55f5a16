/**
 * A marble helper used in a way `TestScheduler.run` cannot support. Thrown from inside
 * the run, so the test fails with this explanation instead of a confusing diagram
 * mismatch, or a hang.
 */
export class MarbleUsageError extends Error {
  override readonly name = "MarbleUsageError";
}

const WHY =
  "TestScheduler.run is synchronous: it runs every virtual frame and returns, and only then do Promises settle, " +
  "so work that waits for a Promise never finishes inside the diagram.";

const INSTEAD =
  "In marble tests give steps Observable bodies (cold('--a|'), or of(value) rather than a bare value) and return an Observable from the workflow " +
  "(compose operations with concatMap/switchMap); test Promise-based workflows with runToCompletion or LocalTestRunner.";

export function promiseWorkflowError(where: string): MarbleUsageError {
  return new MarbleUsageError(`${where}: the workflow returned a Promise (an async function?). ${WHY} ${INSTEAD}`);
}

export function pendingWorkError(where: string, running: number): MarbleUsageError {
  return new MarbleUsageError(
    `${where}: when virtual time ran out, ${running} piece(s) of work were still running and nothing scheduled could finish them: ` +
      "a step body, a child context's function or a serdes returned a Promise or awaited one; a step body that returns " +
      `a plain value counts too, since the SDK settles it through a Promise. ${WHY} ${INSTEAD}`,
  );
}

export function stalledWorkflowError(where: string): MarbleUsageError {
  return new MarbleUsageError(
    `${where}: Lambda's deadline came while nothing ran, nothing waited on the service and nothing was scheduled: the workflow waits for a Promise ` +
      "that no operation counts, such as an async function given to runInChildContext, map, parallel or a batch item, or ctx.waitForCallback " +
      `(its child context awaits internally; compose createCallback and a step with switchMap instead). ${WHY} ${INSTEAD}`,
  );
}
