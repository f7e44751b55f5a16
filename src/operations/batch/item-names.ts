import { ValidationError } from "../../errors/index.js";
import { validateName } from "../../ids/index.js";

/**
 * Each item's name, validated when the batch method is called (like every name):
 * `given(i)` when it returns one, else `<prefix>-<i>`.
 */
export function itemNames(count: number, where: string, prefix: string, given?: (index: number) => unknown): string[] {
  const names: string[] = [];
  for (let index = 0; index < count; index++) {
    const name = given ? given(index) : `${prefix}-${index}`;
    if (name === undefined) throw new ValidationError(`${where}: item ${index} has no name`);
    names.push(validateName(name, `${where} item ${index}`)!);
  }
  return names;
}
