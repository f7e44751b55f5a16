/** What a command may touch of the process, passed in so tests and the entry point agree. */
export interface CommandIo {
  out(line: string): void;
  err(line: string): void;
  env: NodeJS.ProcessEnv;
  /** True when stdout is a terminal (live redraws), false for pipes and files (plain lines). */
  isTty: boolean;
  /** Terminal width for tables and the live view (160 when not a terminal). */
  columns: number;
  /** Writes without a newline (the live view's redraws). */
  write(text: string): void;
}

export function processIo(): CommandIo {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    write: (text) => process.stdout.write(text),
    env: process.env,
    isTty: process.stdout.isTTY === true,
    columns: process.stdout.isTTY ? process.stdout.columns || 80 : 160,
  };
}
