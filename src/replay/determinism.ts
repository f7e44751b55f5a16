import { NonDeterministicError } from "../errors/index.js";
import type { Operation, OperationType } from "../wire/types.js";

export interface OperationKey {
  readonly rawId: string;
  readonly id: string;
  readonly type: OperationType;
  readonly subType: string;
  readonly name: string | undefined;
}

/**
 * The key of an operation with the identity it was given. Fields are copied one by one:
 * an object spread of the identity here cost most of an operation's creation time on
 * the replay hot path (V8's clone-object path), measured with --cpu-prof.
 */
export function operationKey(
  identity: { readonly rawId: string; readonly id: string },
  type: OperationType,
  subType: string,
  name: string | undefined,
): OperationKey {
  return { rawId: identity.rawId, id: identity.id, type, subType, name };
}

/**
 * Compares what the history holds for this id with what the code asked for, in the
 * order the official SDK does (type, name, subtype). Names compare strictly: an
 * unnamed call where the history has a name is a different program.
 */
export function checkDeterminism(key: OperationKey, record: Operation): NonDeterministicError | undefined {
  const mismatch = (field: "type" | "name" | "subType", expected: unknown, actual: unknown) =>
    new NonDeterministicError({ operationId: key.id, rawId: key.rawId, field, expected, actual });
  if (record.Type !== key.type) return mismatch("type", record.Type, key.type);
  if (record.Name !== key.name) return mismatch("name", record.Name, key.name);
  if (record.SubType !== undefined && record.SubType !== key.subType) return mismatch("subType", record.SubType, key.subType);
  return undefined;
}
