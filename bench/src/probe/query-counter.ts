import { Socket } from "node:net";

/**
 * Counts the statements a process sends to PostgreSQL, from outside the code under test: the
 * wire protocol's Execute ('E') and simple Query ('Q') messages written to sockets whose remote
 * port is PostgreSQL's. postgres.js writes whole messages, often several per buffer (pipelining);
 * a buffer that does not frame cleanly is skipped rather than guessed at.
 */
export function countPostgresQueries(postgresPort: number, onQuery: () => void): void {
  const write = Socket.prototype.write as (this: Socket, ...args: unknown[]) => boolean;
  // Startup and SSL-request messages have no type byte; the first typed message follows them.
  const started = new WeakSet<Socket>();
  Socket.prototype.write = function (this: Socket, ...args: unknown[]): boolean {
    const [chunk] = args;
    if (this.remotePort === postgresPort && Buffer.isBuffer(chunk)) {
      if (started.has(this)) countMessages(chunk, onQuery);
      else if (chunk.length >= 8 && chunk.readInt32BE(4) === 196608) started.add(this);
    }
    return write.apply(this, args);
  } as typeof Socket.prototype.write;
}

function countMessages(buffer: Buffer, onQuery: () => void): void {
  let offset = 0;
  let found = 0;
  while (offset + 5 <= buffer.length) {
    const type = buffer[offset];
    const length = buffer.readInt32BE(offset + 1);
    if (length < 4) return;
    if (type === 0x45 || type === 0x51) found++;
    offset += 1 + length;
  }
  if (offset === buffer.length) for (let index = 0; index < found; index++) onQuery();
}

/**
 * PGlite runs in-process: every statement drizzle sends passes `execProtocolRaw` as protocol
 * bytes, counted the same way. Absent PGlite (the peer's processes) this does nothing.
 */
export async function countPgliteQueries(onQuery: () => void): Promise<void> {
  let module: typeof import("@electric-sql/pglite");
  try {
    module = await import("@electric-sql/pglite");
  } catch {
    return;
  }
  const prototype = module.PGlite.prototype as unknown as {
    execProtocolRaw: (this: unknown, message: Uint8Array, ...rest: unknown[]) => Promise<Uint8Array>;
  };
  const execProtocolRaw = prototype.execProtocolRaw;
  prototype.execProtocolRaw = function (message, ...rest) {
    countMessages(Buffer.from(message.buffer, message.byteOffset, message.byteLength), onQuery);
    return execProtocolRaw.call(this, message, ...rest);
  };
}
