import { defer, from, isObservable, last, NEVER, Observable, timeout as rxTimeout, throwError, finalize } from "rxjs";
import { runInActiveContext, type ActiveContext } from "../context/active-context.js";
import type { InvocationScope } from "../context/invocation-scope.js";

export interface BodyRun<C> {
  readonly scope: InvocationScope;
  /** Which code is running, for context-misuse detection. */
  readonly marker: ActiveContext;
  /** Builds the body's context from the attempt's abort signal. */
  readonly makeContext: (signal: AbortSignal) => C;
  readonly body: (context: C) => unknown;
  /** Milliseconds before the attempt fails with `onTimeout()`; none when undefined. */
  readonly timeoutMs?: number;
  readonly onTimeout?: () => Error;
}

/**
 * Runs user code (a step body, a check, a child context's function); a step body or
 * check counts as running work, so the scope will not suspend while it runs. Its value
 * is the Promise's value or the Observable's last one (undefined when it completes
 * empty). The attempt's signal aborts on timeout and when the invocation ends.
 */
export function runBody<T, C>(run: BodyRun<C>): Observable<T> {
  return defer(() => {
    // An invocation that suspended, failed, reached its deadline or ended starts no user code.
    if (!run.scope.live) return NEVER;
    const controller = new AbortController();
    const onEnd = () => controller.abort(run.scope.signal.reason);
    run.scope.signal.addEventListener("abort", onEnd, { once: true });
    // A step body or check is running work until it settles. A child context's function is
    // not (DESIGN.md "Suspension"): like the handler itself it only awaits its operations,
    // which count for themselves, so a wait or callback inside a child can still suspend.
    const release = run.marker.kind === "step" ? run.scope.beginWork() : () => {};
    const cleanup = () => {
      run.scope.signal.removeEventListener("abort", onEnd);
      release();
    };
    let output: unknown;
    try {
      const context = run.makeContext(controller.signal);
      output = runInActiveContext(run.marker, () => run.body(context));
    } catch (error) {
      cleanup();
      return throwError(() => error);
    }
    const value$ = isObservable(output)
      ? insideContext(run.marker, output as Observable<T>).pipe(last(undefined, undefined as T))
      : from(Promise.resolve(output as T | PromiseLike<T>));
    const limited$ =
      run.timeoutMs === undefined
        ? value$
        : value$.pipe(
            rxTimeout({
              first: run.timeoutMs,
              with: () => {
                const error = run.onTimeout!();
                controller.abort(error);
                return throwError(() => error);
              },
            }),
          );
    return limited$.pipe(finalize(cleanup));
  });
}

/** Subscribes inside the marker, so operators that run synchronously there see it too. */
function insideContext<T>(marker: ActiveContext, source: Observable<T>): Observable<T> {
  return new Observable<T>((subscriber) => runInActiveContext(marker, () => source.subscribe(subscriber)));
}
