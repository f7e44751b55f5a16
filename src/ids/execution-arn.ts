import { ValidationError } from "../errors/usage-errors.js";

/** The ARN of one durable execution (PROTOCOL.md §2.1). */
export type ExecutionArn = string & { readonly __brand: "ExecutionArn" };

/**
 * The model's pattern for `DurableExecutionArn` (shared/model/lambda.json), anchored:
 * `arn:<partition>:lambda:<region>:<12 digits>:function:<name>:<$LATEST |
 * $LATEST.PUBLISHED | version>/durable-execution/<execution name>/<id>`.
 */
const EXECUTION_ARN =
  /^arn:[a-zA-Z0-9-]+:lambda:[a-zA-Z0-9-]+:\d{12}:function:[a-zA-Z0-9_-]+:(?:\$LATEST(?:\.PUBLISHED)?|\d+)\/durable-execution\/[a-zA-Z0-9_-]+\/[a-zA-Z0-9_-]+$/;

const MAX_LENGTH = 1024;

/** Validating constructor and guard for execution ARNs. */
export const ExecutionArn = {
  /** `s` as an ExecutionArn; a ValidationError naming what is wrong otherwise. */
  parse(s: unknown): ExecutionArn {
    if (typeof s !== "string") throw invalid(`expected a string; got ${s === null ? "null" : typeof s}`);
    if (s.length === 0) throw invalid("expected a non-empty string");
    if (s.length > MAX_LENGTH) throw invalid(`it is ${s.length} characters long; the limit is ${MAX_LENGTH}`);
    if (!EXECUTION_ARN.test(s)) {
      throw invalid(
        `${JSON.stringify(s.length > 120 ? `${s.slice(0, 120)}…` : s)} does not match ` +
          "arn:<partition>:lambda:<region>:<account>:function:<name>:<$LATEST|version>/durable-execution/<name>/<id>",
      );
    }
    return s as ExecutionArn;
  },
  is(s: unknown): s is ExecutionArn {
    return typeof s === "string" && s.length <= MAX_LENGTH && EXECUTION_ARN.test(s);
  },
};

function invalid(what: string): ValidationError {
  return new ValidationError(`ExecutionArn.parse: ${what}`);
}
