import { readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { parseJsonText } from "../model/json-text.js";
import { isPlainObject } from "../model/json.js";
import { makeFolders } from "../project/index.js";
import { EXIT, UsageError, type CliCommand, type CliIo } from "./io.js";
import { ownVersion, PACKAGE_ROOT } from "./package.js";

export const INIT_USAGE = `Usage: zisflow init [DIR] [--force]

Creates a zisflow project in DIR (default: the current folder; created if missing): an example flow in flows/,
its test in test/ (runFlow, the matchers and a snapshot of the compiled JSON), a sample event in events/ and
the API answers it needs in mocks/, tsconfig.json, vitest.config.ts with the flow coverage reporter, and
.gitignore. An existing package.json gets the scripts and dev dependencies it lacks (nothing in it changes but
npm init's placeholder test script), an existing .gitignore the lines it lacks. Any other file that exists is
not overwritten: init lists them and writes nothing.
  --force   overwrite those files
Then: npm install && npm run build && npm test
Exit 0: created; 2: usage error, existing files, or a folder that cannot be written.`;

/** `zisflow init`, as the CLI's entry point runs it. */
export const command: CliCommand = { usage: INIT_USAGE, run: initCommand };

/** The template's files, copied as they are (the folder holds nothing else but `gitignore`). */
export const TEMPLATE_FILES = [
  "tsconfig.json",
  "vitest.config.ts",
  "flows/tag-customer-replies.ts",
  "test/tag-customer-replies.test.ts",
  "events/ticket-comment-added.json",
  "mocks/tag-customer-replies.json",
] as const;

/** Where the template lives: shipped as source, so the files are the ones zisflow's own checks type-check. */
export const TEMPLATE_DIR = path.join(PACKAGE_ROOT, "src", "cli", "init", "template");

/** Lines the project's .gitignore must hold (the template's `gitignore`; npm would drop a `.gitignore`). */
const GITIGNORE_TEMPLATE = "gitignore";

/** Scripts of the project. `zisflow build` loads modules through tsx, which strips types without checking them. */
const SCRIPTS = {
  build: "tsc --noEmit && zisflow build",
  test: "tsc --noEmit && vitest run",
  validate: "zisflow validate dist-bundles",
} as const;

/** The `test` script `npm init` writes: a placeholder that fails, there to be replaced. */
const NPM_PLACEHOLDER_TEST = 'echo "Error: no test specified" && exit 1';

const DEPENDENCY_FIELDS = ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"];

/**
 * What the projects init makes build and test with: the versions zisflow itself is tested with (a test keeps
 * them equal to zisflow's own devDependencies).
 */
export const PROJECT_DEV_DEPENDENCIES = {
  "@types/node": "^20.19.43",
  typescript: "^7.0.2",
  vitest: "^4.1.12",
} as const;

/** What init does to one file: write it whole, add to it (saying what), or leave it as it is. */
type Change =
  | { readonly file: string; readonly action: "create" | "overwrite"; readonly text: string }
  | {
      readonly file: string;
      readonly action: "update";
      readonly text: string;
      readonly notes: readonly string[];
    }
  | { readonly file: string; readonly action: "keep"; readonly notes: readonly string[] };

export async function initCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...args],
    allowPositionals: true,
    options: { force: { type: "boolean", default: false } },
  });
  if (positionals.length > 1) throw new UsageError("init takes at most one DIR");
  const dir = path.resolve(io.cwd, positionals[0] ?? ".");
  const shown = (file: string): string => path.relative(io.cwd, path.join(dir, file)) || file;

  const kind = await fileKind(dir);
  if (kind === "file") throw new UsageError(`${shown(".")} is a file, not a folder`);

  const changes: Change[] = [];
  const conflicts: string[] = [];
  for (const file of TEMPLATE_FILES) {
    const text = await readFile(path.join(TEMPLATE_DIR, file), "utf8");
    const blocked = await blockingParent(dir, file);
    if (blocked !== undefined) {
      // A folder the file needs is a file: even --force would have to delete it.
      io.stderr(`zisflow init: ${shown(blocked)} is a file, but ${shown(file)} needs it to be a folder\n`);
      return EXIT.usage;
    }
    const existing = await fileKind(path.join(dir, file));
    if (existing === "missing") changes.push({ file, action: "create", text });
    else if (existing === "folder") {
      io.stderr(`zisflow init: ${shown(file)} is a folder, where init would write a file\n`);
      return EXIT.usage;
    } else if (values.force) changes.push({ file, action: "overwrite", text });
    else conflicts.push(file);
  }
  if (conflicts.length > 0) {
    io.stderr(
      `zisflow init: ${conflicts.length === 1 ? "this file exists" : "these files exist"}; nothing was written ` +
        `(--force overwrites ${conflicts.length === 1 ? "it" : "them"}):\n` +
        conflicts.map((file) => `  ${shown(file)}\n`).join(""),
    );
    return EXIT.usage;
  }

  const packageJson = await packageJsonChange(dir, path.basename(dir), shown);
  if (typeof packageJson === "string") {
    io.stderr(`zisflow init: ${packageJson}\n`);
    return EXIT.usage;
  }
  changes.unshift(packageJson);
  changes.push(await gitignoreChange(dir));

  for (const change of changes) {
    if (change.action === "keep") continue;
    const target = path.join(dir, change.file);
    await makeFolders(path.dirname(target));
    await writeFile(target, change.text);
  }
  for (const change of changes) {
    io.stdout(`${PAST_TENSE[change.action]} ${shown(change.file)}\n`);
    if ("notes" in change) for (const note of change.notes) io.stdout(`  ${note}\n`);
  }
  const cd = path.relative(io.cwd, dir);
  io.stdout(
    `\nNext:\n${cd ? `  cd ${cd.includes(" ") ? JSON.stringify(cd) : cd}\n` : ""}` +
      "  npm install\n  npm run build   # flows/ → dist-bundles/\n  npm test        # type-check, run the flow tests, flow coverage\n",
  );
  return EXIT.ok;
}

const PAST_TENSE: Record<Change["action"], string> = {
  create: "created",
  overwrite: "overwrote",
  update: "updated",
  keep: "unchanged",
};

type FileKind = "missing" | "file" | "folder";

async function fileKind(file: string): Promise<FileKind> {
  try {
    return (await stat(file)).isDirectory() ? "folder" : "file";
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "missing";
    throw error;
  }
}

/** The first folder on the way to `file` (relative to `dir`) that exists as a file, if any. */
async function blockingParent(dir: string, file: string): Promise<string | undefined> {
  const parts = file.split("/").slice(0, -1);
  for (let i = 1; i <= parts.length; i++) {
    const parent = parts.slice(0, i).join("/");
    if ((await fileKind(path.join(dir, parent))) === "file") return parent;
  }
  return undefined;
}

/**
 * package.json: a new one, or the existing one with the scripts and dev dependencies it lacks added. Nothing
 * that is there changes (but the failing placeholder `test` script `npm init` writes); a script of the same
 * name that does something else is kept and mentioned. A string is the one-line reason the existing file cannot
 * be used.
 */
async function packageJsonChange(
  dir: string,
  folderName: string,
  shown: (file: string) => string,
): Promise<Change | string> {
  const file = "package.json";
  const devDependencies = await wantedDevDependencies(dir);
  let text: string;
  try {
    text = await readFile(path.join(dir, file), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    const created = {
      name: packageName(folderName),
      version: "0.1.0",
      private: true,
      type: "module",
      scripts: { ...SCRIPTS },
      devDependencies,
    };
    return { file, action: "create", text: JSON.stringify(created, null, 2) + "\n" };
  }
  const parsed = parseJsonText(text);
  if (!parsed.ok)
    return `${shown(file)}: invalid JSON at line ${parsed.line}, column ${parsed.column}: ${parsed.message}`;
  if (!isPlainObject(parsed.value)) return `${shown(file)}: not a JSON object`;
  const json: Record<string, unknown> = { ...parsed.value };
  for (const field of ["scripts", ...DEPENDENCY_FIELDS])
    if (json[field] !== undefined && !isPlainObject(json[field]))
      return `${shown(file)}: "${field}" is not an object`;

  const notes: string[] = [];
  let changed = false;
  const scripts: Record<string, unknown> = { ...(json.scripts as Record<string, unknown> | undefined) };
  for (const [name, command] of Object.entries(SCRIPTS)) {
    if (scripts[name] === undefined) {
      scripts[name] = command;
      notes.push(`added script "${name}": ${command}`);
      changed = true;
    } else if (name === "test" && scripts[name] === NPM_PLACEHOLDER_TEST) {
      scripts[name] = command;
      notes.push(`replaced npm's placeholder script "${name}": ${command}`);
      changed = true;
    } else if (scripts[name] !== command)
      notes.push(`kept your script "${name}" (zisflow's would be: ${command})`);
  }
  const declared = (name: string): boolean =>
    DEPENDENCY_FIELDS.some(
      (field) => (json[field] as Record<string, unknown> | undefined)?.[name] !== undefined,
    );
  const dev: Record<string, unknown> = { ...(json.devDependencies as Record<string, unknown> | undefined) };
  for (const [name, range] of Object.entries(devDependencies)) {
    if (declared(name)) continue;
    dev[name] = range;
    notes.push(`added dev dependency ${name}@${range}`);
    changed = true;
  }
  if (!changed) return { file, action: "keep", notes };
  json.scripts = scripts;
  json.devDependencies = Object.fromEntries(Object.entries(dev).sort(([a], [b]) => a.localeCompare(b)));
  const indent = /^[ \t]+/m.exec(text)?.[0] ?? "  ";
  return { file, action: "update", text: JSON.stringify(json, null, indent) + "\n", notes };
}

/**
 * What a project needs to build and test flows: zisflow at the running version, and what it is tested with.
 * Run from a tarball (`npx --package ./zisflow-0.1.0.tgz zisflow init`), zisflow is that file: the version may
 * be on no registry, and the project's `npm install` must find the same package.
 */
async function wantedDevDependencies(dir: string): Promise<Record<string, string>> {
  return { ...PROJECT_DEV_DEPENDENCIES, zisflow: (await runningTarball(dir)) ?? `^${ownVersion()}` };
}

/**
 * `file:<tarball>` when npm runs this zisflow from a packed file (npx --package FILE.tgz), else undefined. The
 * path is relative to the project (npm reads it so), so that the project's package.json holds no path of this
 * machine's.
 */
async function runningTarball(dir: string): Promise<string | undefined> {
  const requested = process.env["npm_config_package"];
  if (requested === undefined || !/(^|[/\\])zisflow-[^/\\]*\.tgz$/.test(requested)) return undefined;
  const file = path.resolve(process.env["INIT_CWD"] ?? process.cwd(), requested);
  if ((await fileKind(file)) !== "file") return undefined;
  const relative = path.relative(dir, file).split(path.sep).join("/");
  return `file:${relative.startsWith(".") ? relative : `./${relative}`}`;
}

/** An npm package name made from a folder name: lower case, only the characters npm allows. */
function packageName(folderName: string): string {
  const name = folderName
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, "-")
    .replace(/^[._-]+/, "")
    .replace(/-+$/, "");
  return name === "" ? "zis-integration" : name;
}

/** .gitignore: created, or the existing one with the template's lines it lacks appended. */
async function gitignoreChange(dir: string): Promise<Change> {
  const file = ".gitignore";
  const template = await readFile(path.join(TEMPLATE_DIR, GITIGNORE_TEMPLATE), "utf8");
  let existing: string;
  try {
    existing = await readFile(path.join(dir, file), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    return { file, action: "create", text: template };
  }
  const present = new Set(existing.split(/\r?\n/).map((line) => line.trim()));
  const missing = template
    .split("\n")
    .filter((line) => line !== "" && !line.startsWith("#") && !present.has(line));
  if (missing.length === 0) return { file, action: "keep", notes: [] };
  const separator = existing === "" || existing.endsWith("\n") ? "" : "\n";
  return {
    file,
    action: "update",
    text: `${existing}${separator}# zisflow\n${missing.join("\n")}\n`,
    notes: missing.map((line) => `added ${line}`),
  };
}
