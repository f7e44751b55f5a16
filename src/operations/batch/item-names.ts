import { ValidationError } from "../../errors/index.js";
import { isErrorLike, renderThrown } from "../../errors/safe-json.js";
import { validateName } from "../../ids/index.js";

/**
 * Each item's name, validated when the batch method is called (like every name):
 * `given(i)` when it returns one, else `<prefix>-<i>`. A `given` that throws is a bug in
 * the caller's naming function: it becomes a ValidationError saying so, never the raw
 * thrown value (which may not even be an Error).
 */
export function itemNames(count: number, where: string, prefix: string, given?: (index: number) => unknown): string[] {
  const names: string[] = [];
  for (let index = 0; index < count; index++) {
    const name = given ? nameOf(given, index, where) : `${prefix}-${index}`;
    if (name === undefined) throw new ValidationError(`${where}: item ${index} has no name`);
    names.push(validateName(name, `${where} item ${index}`)!);
  }
  return names;
}

function nameOf(given: (index: number) => unknown, index: number, where: string): unknown {
  try {
    return given(index);
  } catch (error) {
    const thrown = isErrorLike(error) ? `${error.name}: ${error.message}` : renderThrown(error);
    throw new ValidationError(`${where}: naming item ${index} threw ${thrown}`, { cause: error });
  }
}
