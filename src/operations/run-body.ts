import { defer, from, isObservable, last, NEVER, Observable, timeout as rxTimeout, throwError, finalize } from "rxjs";
import { runInActiveContext, type ActiveContext } from "../context/active-context.js";
import type { InvocationScope } from "../context/invocation-scope.js";

export interface BodyRun<C> {
  readonly scope: InvocationScope;
  /** Which code is running, for context-misuse detection. */
  readonly marker: ActiveContext;
  /** Builds the body's context; `signal()` gives the attempt's abort signal (made on first call). */
  readonly makeContext: (signal: () => AbortSignal) => C;
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
    const abort = new AttemptAbort(run.scope.signal);
    // A step body or check is running work until it settles. A child context's function is
    // not (DESIGN.md "Suspension"): like the handler itself it only awaits its operations,
    // which count for themselves, so a wait or callback inside a child can still suspend.
    const release = run.marker.kind === "step" ? run.scope.beginWork() : () => {};
    const cleanup = () => {
      abort.dispose();
      release();
    };
    let output: unknown;
    try {
      const context = run.makeContext(() => abort.signal);
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
                abort.abort(error);
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

/**
 * An attempt's abort signal, made the first time the body asks for it: most bodies never
 * do, and an AbortController with a listener on the invocation's signal costs more than
 * the rest of a trivial step's bookkeeping. Aborted on timeout and when the invocation
 * ends while the attempt runs, whenever it was made.
 */
class AttemptAbort {
  private controller: AbortController | undefined;
  private reason: { readonly value: unknown } | undefined;
  private disposed = false;
  private readonly onEnd = () => this.abort(this.invocation.reason);

  constructor(private readonly invocation: AbortSignal) {}

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.reason) this.controller.abort(this.reason.value);
      else if (this.invocation.aborted) this.controller.abort(this.invocation.reason);
      else if (!this.disposed) this.invocation.addEventListener("abort", this.onEnd, { once: true });
    }
    return this.controller.signal;
  }

  abort(reason: unknown): void {
    if (this.reason || this.disposed) return;
    this.reason = { value: reason };
    this.controller?.abort(reason);
  }

  /** The attempt settled: the invocation's end no longer concerns it. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.controller) this.invocation.removeEventListener("abort", this.onEnd);
  }
}
