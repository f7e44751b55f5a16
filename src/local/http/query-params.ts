import { validationError } from "../engine/engine-error.js";

/**
 * Readers for the query members of the Lambda REST API. Each names the member in the
 * service's camelCase (`maxItems`) in its ValidationException, as the engine does.
 * Absent members are undefined; repeated ones (`Statuses`) come back as a list.
 */
export class QueryParams {
  constructor(private readonly params: URLSearchParams) {}

  string(key: string): string | undefined {
    return this.params.get(key) ?? undefined;
  }

  list(key: string): string[] | undefined {
    const values = this.params.getAll(key);
    return values.length === 0 ? undefined : values;
  }

  integer(key: string): number | undefined {
    const raw = this.params.get(key);
    if (raw === null) return undefined;
    if (!/^-?\d+$/.test(raw)) throw validationError(member(key), raw, "Member must be an integer");
    return Number(raw);
  }

  boolean(key: string): boolean | undefined {
    const raw = this.params.get(key);
    if (raw === null) return undefined;
    if (raw === "true") return true;
    if (raw === "false") return false;
    throw validationError(member(key), raw, "Member must be a boolean (true or false)");
  }

  /** Epoch ms from the ISO-8601 the SDK sends (`2025-01-01T00:00:00.000Z`); epoch seconds are accepted too. */
  timestamp(key: string): number | undefined {
    const raw = this.params.get(key);
    if (raw === null) return undefined;
    const ms = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) * 1000 : Date.parse(raw);
    if (!Number.isFinite(ms)) throw validationError(member(key), raw, "Member must be an ISO-8601 timestamp");
    return ms;
  }
}

/** `MaxItems` → `maxItems`, the spelling of the service's validation messages. */
const member = (key: string): string => key.charAt(0).toLowerCase() + key.slice(1);
