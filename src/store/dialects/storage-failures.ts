/**
 * Errors that mean "the database cannot take writes now", told apart from bugs: the web layer
 * answers them with 503 and "cannot save right now" instead of a 500, and logs the reason.
 * Each driver names them its own way; this file is the only place that knows the names.
 */

/** The reason a storage error stands for, or null when it is not one (see OpenedDatabase.failureOf). */
export type StorageFailureOf = (error: unknown) => string | null;

/** Reasons by better-sqlite3's error code prefix (extended codes such as SQLITE_IOERR_WRITE share their base). */
const SQLITE_FAILURES: ReadonlyArray<readonly [prefix: string, reason: string]> = [
  ["SQLITE_FULL", "the disk holding the database is full"],
  ["SQLITE_READONLY", "the database file is read-only"],
  ["SQLITE_BUSY", "the database stayed locked by another process longer than the busy timeout"],
  ["SQLITE_LOCKED", "the database table is locked"],
  ["SQLITE_IOERR", "the disk failed to read or write the database"],
  ["SQLITE_CANTOPEN", "the database file cannot be opened"],
  ["SQLITE_PROTOCOL", "the database's lock protocol failed"],
];

/** Reasons by PostgreSQL SQLSTATE (or its two-character class). */
const POSTGRES_FAILURES: Readonly<Record<string, string>> = {
  "53100": "the disk holding the database is full",
  "53200": "the database server is out of memory",
  "53300": "the database server has too many connections",
  "25006": "the database accepts reads only (a standby, or default_transaction_read_only)",
  "55P03": "a database row stayed locked",
  "57P01": "the database server is shutting down",
  "57P02": "the database server is shutting down",
  "57P03": "the database server is starting or shutting down",
  "08": "the connection to the database failed",
};

/** Node's own network errors: the database server is not there. */
const CONNECTION_FAILURES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EHOSTUNREACH", "ENOTFOUND", "EPIPE"]);

/** The error and the errors it was caused by, innermost last. */
function* chain(error: unknown): Generator<{ code?: unknown }> {
  for (let depth = 0; error && typeof error === "object" && depth < 5; depth++) {
    yield error as { code?: unknown };
    error = (error as { cause?: unknown }).cause;
  }
}

/** SQLite's storage failures, by better-sqlite3's `code`. */
export const sqliteFailureOf: StorageFailureOf = (error) => {
  for (const { code } of chain(error)) {
    if (typeof code !== "string") continue;
    const found = SQLITE_FAILURES.find(([prefix]) => code === prefix || code.startsWith(`${prefix}_`));
    if (found) return found[1];
  }
  return null;
};

/** PostgreSQL's storage failures, by SQLSTATE, and a server that cannot be reached. */
export const postgresFailureOf: StorageFailureOf = (error) => {
  for (const { code } of chain(error)) {
    if (typeof code !== "string") continue;
    const reason = POSTGRES_FAILURES[code] ?? (code.length === 5 ? POSTGRES_FAILURES[code.slice(0, 2)] : undefined);
    if (reason) return reason;
    if (CONNECTION_FAILURES.has(code)) return "the database server cannot be reached";
  }
  return null;
};
