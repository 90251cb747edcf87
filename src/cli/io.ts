/** Where a command writes, so tests can run commands in-process and read what they printed. */
export interface CliIo {
  readonly cwd: string;
  stdout(text: string): void;
  stderr(text: string): void;
}

/** A command of the CLI: its usage text and what runs it. */
export interface CliCommand {
  readonly usage: string;
  run(args: readonly string[], io: CliIo): Promise<number>;
}

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

/** The command line itself is wrong (exit 2, with the command's usage). */
export class UsageError extends Error {
  override readonly name = "UsageError";
  readonly code = "usage";
}
