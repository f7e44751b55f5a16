import { DurableError, StepError, fromErrorObject, toErrorObject, type DurableErrorOptions } from "../../errors/index.js";
import type { ErrorObject } from "../../wire/types.js";

/** Room for the listed errors, well inside the service's 32 KiB for an update carrying an Error. */
const LIST_BUDGET_CHARS = 16_000;
const MIN_MESSAGE_CHARS = 80;

/**
 * `any` found no success: every input failed (or there were none, as
 * `Promise.any([])` rejects). `errors[i]` is input `i`'s error, rebuilt from what was
 * checkpointed, so it is the same live and on replay.
 */
export class AnyError extends DurableError {
  readonly errors: readonly Error[];

  constructor(message?: string, options?: DurableErrorOptions & { errors?: readonly Error[] }) {
    super(message ?? "All inputs of any() failed", options);
    this.errors = options?.errors ?? [];
  }
  override get name(): string {
    return "AnyError";
  }
  override get code(): string {
    return "ANY_ALL_FAILED";
  }
}

/**
 * The ErrorObject of an `any` whose inputs all failed: the message lists them, and
 * ErrorData holds each one's type and message (trimmed so that the whole stays
 * within the service's limit, however many inputs there are).
 */
export function anyErrorObject(errors: readonly unknown[]): ErrorObject {
  const perMessage = Math.max(MIN_MESSAGE_CHARS, Math.floor(LIST_BUDGET_CHARS / Math.max(1, errors.length)));
  let spent = 0;
  const listed = errors.map((error) => {
    const { ErrorType, ErrorMessage } = toErrorObject(error, { stackTrace: false });
    const entry: ErrorObject = { ErrorType: trim(ErrorType ?? "Error", 64) };
    if (ErrorMessage !== undefined) entry.ErrorMessage = trim(ErrorMessage, perMessage);
    spent += JSON.stringify(entry).length;
    // Past the budget (hundreds of inputs), an entry keeps its place but not its details.
    return spent <= LIST_BUDGET_CHARS ? entry : {};
  });
  const summary = listed.map((e, i) => `[${i}] ${e.ErrorType ?? "Error"}${e.ErrorMessage ? `: ${e.ErrorMessage}` : ""}`).join("; ");
  const message = errors.length === 0 ? "any() was given no inputs" : `All ${errors.length} inputs of any() failed: ${trim(summary, 1_000)}`;
  return { ErrorType: "AnyError", ErrorMessage: message, ErrorData: JSON.stringify({ errors: listed }) };
}

/** Rebuilds the error from its ErrorObject: the live path goes through here too. */
export function decodeAnyError(errorObject: ErrorObject | undefined): Error {
  if (errorObject?.ErrorType !== "AnyError") return fromErrorObject(errorObject, { fallback: (message, init) => new StepError(message, init) });
  const entries = listedErrors(errorObject.ErrorData);
  const errors = entries.map((entry) => fromErrorObject(entry, { fallback: (message, init) => new StepError(message, init) }));
  const options: DurableErrorOptions & { errors: Error[] } = { errors };
  if (errorObject.ErrorData !== undefined) options.errorData = errorObject.ErrorData;
  return new AnyError(errorObject.ErrorMessage, options);
}

function listedErrors(data: string | undefined): ErrorObject[] {
  try {
    const parsed = JSON.parse(data ?? "") as { errors?: unknown };
    return Array.isArray(parsed.errors) ? (parsed.errors.filter((e) => typeof e === "object" && e !== null) as ErrorObject[]) : [];
  } catch {
    return [];
  }
}

function trim(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
