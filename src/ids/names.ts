import { ValidationError } from "../errors/usage-errors.js";

/** Longest operation name the service accepts (model `OperationName`). */
export const MAX_NAME_LENGTH = 256;

/**
 * Checks an operation name when the method is called (DESIGN.md "Principles"):
 * `undefined` (no name) or a string of 1–256 printable ASCII characters
 * (0x20–0x7E), as the service's `OperationName` requires. Otherwise throws a
 * ValidationError that starts with `where` and says what was wrong.
 */
export function validateName(name: unknown, where: string): string | undefined {
  if (name === undefined) return undefined;
  if (typeof name !== "string") {
    throw new ValidationError(`${where}: the name must be a string; got ${name === null ? "null" : typeof name}`);
  }
  if (name.length === 0) throw new ValidationError(`${where}: the name must not be empty`);
  for (let i = 0; i < name.length; i += 1) {
    const code = name.charCodeAt(i);
    if (code < 0x20 || code > 0x7e) {
      throw new ValidationError(
        `${where}: the name may contain only printable ASCII (0x20–0x7E); ` +
          `character ${i + 1} is ${describeChar(name, i)}`,
      );
    }
  }
  if (name.length > MAX_NAME_LENGTH) {
    throw new ValidationError(
      `${where}: the name is ${name.length} characters long; the limit is ${MAX_NAME_LENGTH}`,
    );
  }
  return name;
}

/**
 * `step("charge")`: how messages name a call, built before the name is validated, so it
 * must not throw on any value (JSON.stringify throws on a BigInt or a cycle).
 */
export function callSite(method: string, name: unknown): string {
  if (name === undefined) return `${method}()`;
  if (typeof name === "string") return `${method}(${JSON.stringify(name)})`;
  return `${method}(<${name === null ? "null" : typeof name}>)`;
}

/** `"é" (U+00E9)`, or just the code point for a control character, which would not print. */
function describeChar(text: string, index: number): string {
  const point = text.codePointAt(index) as number;
  const hex = `U+${point.toString(16).toUpperCase().padStart(4, "0")}`;
  return point < 0x20 || (point >= 0x7f && point < 0xa0) ? hex : `${JSON.stringify(String.fromCodePoint(point))} (${hex})`;
}
