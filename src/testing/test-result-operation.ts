import type { ErrorObject, Operation, OperationStatus, OperationType } from "../wire/types.js";

/** How an operation finds its relatives in the result it belongs to. */
export interface OperationLookup {
  childrenOf(id: string): readonly TestOperation[];
  byId(id: string): TestOperation | undefined;
}

/** One operation of a finished run, as a test reads it (timestamps in epoch ms of the run's clock). */
export class TestOperation {
  readonly id: string;
  readonly parentId: string | undefined;
  readonly name: string | undefined;
  readonly type: OperationType;
  readonly subType: string | undefined;
  readonly status: OperationStatus;
  /** STEP: the attempt the status belongs to (1-based). */
  readonly attempt: number | undefined;
  /** The recorded result, parsed as JSON (the text itself when it is not JSON). */
  readonly result: unknown;
  /** The recorded result as stored. */
  readonly rawResult: string | undefined;
  readonly error: ErrorObject | undefined;
  /** CALLBACK: the id the service issued. */
  readonly callbackId: string | undefined;
  readonly startedAt: number | undefined;
  readonly endedAt: number | undefined;
  /** The operation as GetDurableExecutionState lists it. */
  readonly raw: Operation;

  // #private: kept out of deepEqual and inspection, which should show the operation's data only.
  readonly #lookup: OperationLookup;

  constructor(op: Operation, lookup: OperationLookup) {
    this.#lookup = lookup;
    const details = op.StepDetails ?? op.ContextDetails ?? op.CallbackDetails ?? op.ChainedInvokeDetails;
    this.id = op.Id;
    this.parentId = op.ParentId;
    this.name = op.Name;
    this.type = op.Type;
    this.subType = op.SubType;
    this.status = op.Status;
    this.attempt = op.StepDetails?.Attempt;
    this.rawResult = details?.Result;
    this.result = parsePayload(details?.Result);
    this.error = details?.Error;
    this.callbackId = op.CallbackDetails?.CallbackId;
    this.startedAt = epochMs(op.StartTimestamp);
    this.endedAt = epochMs(op.EndTimestamp);
    this.raw = op;
  }

  /** The operations started directly inside this one (a child context's, a map's items), in start order. */
  get children(): readonly TestOperation[] {
    return this.#lookup.childrenOf(this.id);
  }

  get parent(): TestOperation | undefined {
    return this.parentId === undefined ? undefined : this.#lookup.byId(this.parentId);
  }

  /** The `index`-th child named `name`; throws, listing the children, when there is none. */
  getChild(name: string, index = 0): TestOperation {
    const found = this.children.filter((op) => op.name === name)[index];
    if (found) return found;
    throw new Error(`${this.label} has no child ${describeWanted(name, index)}; its children: ${listNames(this.children)}`);
  }

  /** Every operation below this one, depth first. */
  descendants(): TestOperation[] {
    return this.children.flatMap((child) => [child, ...child.descendants()]);
  }

  /** `STEP "charge" (id) SUCCEEDED`. */
  get label(): string {
    // `STEP/Step` says nothing more than `STEP`; `CONTEXT/Map` does.
    const plain = this.subType === undefined || this.subType.toUpperCase() === this.type.replace(/_/g, "");
    const subType = plain ? "" : `/${this.subType}`;
    return `${this.type}${subType} ${this.name === undefined ? this.id : `"${this.name}" (${this.id})`} ${this.status}`;
  }
}

/** A payload as a test wants it: parsed JSON, or the text itself when it is not JSON. */
export function parsePayload(text: string | undefined): unknown {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function describeWanted(name: string, index: number): string {
  return index === 0 ? `named "${name}"` : `named "${name}" at index ${index}`;
}

export function listNames(ops: readonly TestOperation[]): string {
  if (ops.length === 0) return "none";
  return ops.map((op) => (op.name === undefined ? `(unnamed ${op.type} ${op.id})` : `"${op.name}"`)).join(", ");
}

function epochMs(value: Operation["StartTimestamp"]): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "number") return value;
  return new Date(value as string | Date).getTime();
}
