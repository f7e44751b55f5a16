/** What a serdes learns about the value it (de)serializes (PROTOCOL.md §10). */
export interface SerdesContext {
  /** The operation's raw hierarchical id, e.g. `"3-1"`. */
  entityId: string;
  durableExecutionArn: string;
}

/**
 * Turns an operation's value into the string the service stores, and back.
 * `undefined` from `serialize` means "no payload" (the key is left out). Either side
 * may return a Promise (encryption, offloading to S3); a synchronous serdes keeps
 * replay synchronous, which matters when thousands of operations replay.
 */
export interface Serdes<T> {
  serialize(value: T, ctx: SerdesContext): string | undefined | Promise<string | undefined>;
  deserialize(data: string | undefined, ctx: SerdesContext): T | Promise<T>;
}
