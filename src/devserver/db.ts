import { closeSync, existsSync, openSync, readSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import type { Database as SqliteDatabase } from "node-sqlite3-wasm";

// node-sqlite3-wasm is CommonJS; its type declarations describe a module, not a default export.
const { Database } = createRequire(import.meta.url)(
  "node-sqlite3-wasm",
) as typeof import("node-sqlite3-wasm");

/** The kinds of record the local Zendesk keeps. */
export type RecordKind =
  "bundle" | "job_spec_install" | "user" | "profile" | "ticket" | "comment" | "zis_store" | "request" | "run";

/**
 * The local Zendesk's state: JSON records by kind and id in one SQLite file, so a restart loses nothing.
 * SQLite (compiled to WebAssembly, writing the file through Node's fs) rather than a JSON file: every change
 * is an atomic transaction, and the file opens in any SQLite tool.
 */
export class DevDatabase {
  readonly #db: SqliteDatabase;

  constructor(
    readonly file: string,
    options: { readonly reset?: boolean } = {},
  ) {
    if (options.reset) {
      // Only ever delete a database: a mistyped --db must not cost someone a file.
      if (!isEmptyOrSqlite(file))
        throw new Error(`${file} is not a SQLite database; not deleting it for --reset`);
      for (const suffix of ["", "-journal", "-wal"]) rmSync(file + suffix, { force: true });
    }
    this.#db = new Database(file);
    this.#db.exec(`
      CREATE TABLE IF NOT EXISTS records (
        kind TEXT NOT NULL, id TEXT NOT NULL, seq INTEGER NOT NULL, json TEXT NOT NULL,
        PRIMARY KEY (kind, id));
      CREATE TABLE IF NOT EXISTS counters (kind TEXT PRIMARY KEY, value INTEGER NOT NULL);
    `);
  }

  get<T>(kind: RecordKind, id: string): T | undefined {
    const row = this.#db.get("SELECT json FROM records WHERE kind = ? AND id = ?", [kind, id]);
    return row ? (JSON.parse(row.json as string) as T) : undefined;
  }

  /** Records of a kind in the order they were first written. */
  all<T>(kind: RecordKind): T[] {
    return this.#db
      .all("SELECT json FROM records WHERE kind = ? ORDER BY seq", [kind])
      .map((row) => JSON.parse(row.json as string) as T);
  }

  /** Writes a record, keeping its place in `all` when it already exists. */
  put(kind: RecordKind, id: string, value: unknown): void {
    const json = JSON.stringify(value);
    const updated = this.#db.run("UPDATE records SET json = ? WHERE kind = ? AND id = ?", [json, kind, id]);
    if (updated.changes === 0)
      this.#db.run("INSERT INTO records (kind, id, seq, json) VALUES (?, ?, ?, ?)", [
        kind,
        id,
        this.nextId(`seq:${kind}`),
        json,
      ]);
  }

  delete(kind: RecordKind, id: string): boolean {
    return this.#db.run("DELETE FROM records WHERE kind = ? AND id = ?", [kind, id]).changes > 0;
  }

  deleteAll(kind: RecordKind): void {
    this.#db.run("DELETE FROM records WHERE kind = ?", [kind]);
  }

  /** The next number of a sequence (1, 2, …), kept in the file. */
  nextId(sequence: string): number {
    this.#db.run(
      "INSERT INTO counters (kind, value) VALUES (?, 1) ON CONFLICT(kind) DO UPDATE SET value = value + 1",
      [sequence],
    );
    return Number(this.#db.get("SELECT value FROM counters WHERE kind = ?", [sequence])!.value);
  }

  /** Runs `work` as one transaction: all of its writes land, or none. */
  transaction<T>(work: () => T): T {
    if (this.#db.inTransaction) return work();
    this.#db.exec("BEGIN");
    try {
      const result = work();
      this.#db.exec("COMMIT");
      return result;
    } catch (error) {
      this.#db.exec("ROLLBACK");
      throw error;
    }
  }

  close(): void {
    if (this.#db.isOpen) this.#db.close();
  }
}

const SQLITE_HEADER = "SQLite format 3\u0000";

function isEmptyOrSqlite(file: string): boolean {
  if (!existsSync(file)) return true;
  if (!statSync(file).isFile()) return false;
  const fd = openSync(file, "r");
  try {
    const header = Buffer.alloc(SQLITE_HEADER.length);
    const read = readSync(fd, header, 0, header.length, 0);
    return read === 0 || header.toString("latin1") === SQLITE_HEADER;
  } finally {
    closeSync(fd);
  }
}
