import { readFileSync } from "node:fs";
import { sharedPath } from "./shared.js";

/** One case of jq's own test suites: a program, its input and the outputs jq 1.8.2 gives, as JSON text. */
export interface JqSuiteCase {
  readonly file: string;
  /** Line of the program in the file. */
  readonly line: number;
  readonly program: string;
  readonly input: string;
  readonly expected: readonly string[];
}

/** A `%%FAIL` case: a program that must not compile. */
export interface JqSuiteFailure {
  readonly file: string;
  readonly line: number;
  readonly program: string;
  readonly message: string;
}

export const JQ_SUITE_FILES = [
  "jq.test",
  "man.test",
  "onig.test",
  "manonig.test",
  "base64.test",
  "uri.test",
  "optional.test",
] as const;

/**
 * Reads a `.test` file of ../shared/third-party/jq-1.8.2 (format in ../shared/third-party/README.md): blocks
 * separated by blank lines, `#` comments, a program, an input and the expected outputs, or `%%FAIL` blocks.
 */
export function readJqSuite(file: string): { cases: JqSuiteCase[]; failures: JqSuiteFailure[] } {
  const lines = readFileSync(sharedPath("third-party", "jq-1.8.2", file), "utf8").split("\n");
  const cases: JqSuiteCase[] = [];
  const failures: JqSuiteFailure[] = [];
  let i = 0;
  const skipBlank = (): void => {
    while (i < lines.length && (lines[i]!.trim() === "" || lines[i]!.startsWith("#"))) i++;
  };
  while (true) {
    skipBlank();
    if (i >= lines.length) break;
    if (lines[i]!.startsWith("%%FAIL")) {
      i++;
      const line = i + 1;
      const program = lines[i++]!;
      const message: string[] = [];
      while (i < lines.length && lines[i]!.trim() !== "") message.push(lines[i++]!);
      failures.push({ file, line, program, message: message.join("\n") });
      continue;
    }
    const line = i + 1;
    const program = lines[i++]!;
    const input = lines[i++] ?? "null";
    const expected: string[] = [];
    while (i < lines.length && lines[i]!.trim() !== "" && !lines[i]!.startsWith("#"))
      expected.push(lines[i++]!);
    cases.push({ file, line, program, input, expected });
  }
  return { cases, failures };
}
