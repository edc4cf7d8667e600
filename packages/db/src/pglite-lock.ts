import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";

/** In the PGlite directory: which process has it open. PostgreSQL ignores files it does not know. */
export const PGLITE_LOCK_FILE = "iam-process.lock";

interface Holder {
  pid: number;
  host: string;
  since: string;
}

/**
 * PGlite is one PostgreSQL in one process: two processes (the server and the CLI, two servers)
 * opening the same directory each believe they own it, and the data can be lost. Thrown instead.
 */
export class DatabaseLockedError extends Error {
  readonly code = "database_locked";

  constructor(
    readonly dataDir: string,
    readonly holder: Holder,
  ) {
    super(
      `The embedded database in ${dataDir} is open in another process (pid ${holder.pid} on ${holder.host}, since ${holder.since}). ` +
        "PGlite allows one process at a time: stop that process (for example `pnpm dev`) and try again, " +
        "or use PostgreSQL (DATABASE_URL) to share a database. " +
        `If no such process runs, delete ${join(dataDir, PGLITE_LOCK_FILE)}.`,
    );
    this.name = "DatabaseLockedError";
  }
}

function readHolder(file: string): Holder | null {
  try {
    const parsed = JSON.parse(readFileSync(file, "utf8")) as Partial<Holder>;
    return typeof parsed.pid === "number" && typeof parsed.host === "string" ? { pid: parsed.pid, host: parsed.host, since: String(parsed.since ?? "") } : null;
  } catch {
    return null;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Takes the directory for this handle, or throws DatabaseLockedError while another live process
 * (or another handle in this one) holds it. A lock left by a process that died is taken over.
 * Returns the release function.
 */
export function lockPgliteDirectory(dataDir: string): () => void {
  const file = join(dataDir, PGLITE_LOCK_FILE);
  const me: Holder = { pid: process.pid, host: hostname(), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(file, JSON.stringify(me), { flag: "wx", mode: 0o600 });
      let released = false;
      return () => {
        if (released) return;
        released = true;
        if (readHolder(file)?.since === me.since && readHolder(file)?.pid === me.pid) rmSync(file, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = readHolder(file);
      // Another host's process cannot be checked from here: assume it is alive.
      if (holder && (holder.host !== me.host || isRunning(holder.pid))) throw new DatabaseLockedError(dataDir, holder);
      rmSync(file, { force: true });
    }
  }
  throw new DatabaseLockedError(dataDir, readHolder(file) ?? { pid: -1, host: "unknown", since: "" });
}
