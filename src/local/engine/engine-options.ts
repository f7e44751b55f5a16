import { DEFAULT_CHECKPOINT_CONFIG, type CheckpointConfig } from "./checkpoint.js";
import { DEFAULT_ARN_CONFIG, type ArnConfig } from "./executions.js";
import { randomIds, type EngineIds } from "./ids.js";
import { DEFAULT_INVOCATION_CONFIG, type InvocationConfig } from "./invocations.js";
import { MemoryExecutionStore } from "../store/memory-store.js";
import type { ExecutionStore } from "./store.js";

/** Everything a DurableEngine can be configured with; every member has a default. */
export interface DurableEngineOptions extends Partial<CheckpointConfig>, Partial<InvocationConfig>, Partial<ArnConfig> {
  /** Where records live (default: in memory). */
  store?: ExecutionStore;
  /** Ids, tokens and callback ids (default: random; tests pass `sequentialIds()`). */
  ids?: EngineIds;
}

export interface ResolvedEngineOptions {
  store: ExecutionStore;
  ids: EngineIds;
  arnConfig: ArnConfig;
  checkpointConfig: CheckpointConfig;
  invocationConfig: InvocationConfig;
}

export function resolveEngineOptions(options: DurableEngineOptions): ResolvedEngineOptions {
  return {
    store: options.store ?? new MemoryExecutionStore(),
    ids: options.ids ?? randomIds(),
    arnConfig: withDefaults(DEFAULT_ARN_CONFIG, options),
    checkpointConfig: withDefaults(DEFAULT_CHECKPOINT_CONFIG, options),
    invocationConfig: withDefaults(DEFAULT_INVOCATION_CONFIG, options),
  };
}

/** `defaults` with every option the caller actually set (an explicit `undefined` keeps the default). */
function withDefaults<T extends object>(defaults: T, options: Partial<T>): T {
  const out = { ...defaults };
  for (const key of Object.keys(defaults) as (keyof T)[]) {
    if (options[key] !== undefined) out[key] = options[key] as T[keyof T];
  }
  return out;
}
