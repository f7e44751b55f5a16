import { any, func, object, optional, type } from "superstruct";
import { ValidationError } from "../errors/index.js";
import type { Serdes } from "../serdes/index.js";

export interface InvokeConfig<TIn, TOut> {
  /** The CHAINED_INVOKE's name. In config, so a string input is never mistaken for a name. */
  name?: string;
  /** How the input becomes the invoked function's payload; default JSON (the function parses its input as JSON). */
  payloadSerdes?: Serdes<TIn>;
  /** How the invoked function's result becomes `TOut`; default JSON (a durable function's result is JSON). */
  resultSerdes?: Serdes<TOut>;
}

// type(): a serdes may be a class instance or carry fields of its own.
const SerdesStruct = type({ serialize: func(), deserialize: func() });

export const InvokeConfigStruct = object({
  name: optional(any()),
  payloadSerdes: optional(SerdesStruct),
  resultSerdes: optional(SerdesStruct),
});

/** The model's `FunctionName`: a name, `name:qualifier`, or a (partial) function ARN, 1–140 characters. */
const FUNCTION_NAME =
  /^(arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}(-gov)?-[a-z]+-\d{1}:)?(\d{12}:)?(function:)?([a-zA-Z0-9-_]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?$/;
const MAX_FUNCTION_NAME = 140;

/** Checks the function to invoke when the method is called, as the service would at START. */
export function validateFunctionName(functionName: unknown, where: string): string {
  if (typeof functionName !== "string") {
    throw new ValidationError(`${where}: the function name must be a string; got ${functionName === null ? "null" : typeof functionName}`);
  }
  if (functionName.length === 0 || functionName.length > MAX_FUNCTION_NAME) {
    throw new ValidationError(`${where}: the function name must be 1–${MAX_FUNCTION_NAME} characters long; got ${functionName.length}`);
  }
  if (!FUNCTION_NAME.test(functionName)) {
    throw new ValidationError(`${where}: ${JSON.stringify(functionName)} is not a function name, name:qualifier or function ARN`);
  }
  return functionName;
}
