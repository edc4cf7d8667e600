import { createServer, connect } from "node:net";
import type { AddressInfo, Socket } from "node:net";

/**
 * How the database "goes away":
 * - `refused`: open connections are dropped and new ones closed as they arrive (a stopped server);
 * - `black-hole`: connections stay open and new ones are accepted, but nothing goes through in
 *   either direction (packets dropped by a partition): only the client's own timeouts notice.
 */
export type CutMode = "refused" | "black-hole";

export interface TcpProxy {
  port: number;
  cut(mode?: CutMode): void;
  restore(): void;
  close(): Promise<void>;
}

interface Pair {
  client: Socket;
  upstream: Socket;
}

/** A loopback TCP proxy in front of PostgreSQL, to inject outages without touching the server. */
export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const pairs = new Set<Pair>();
  // Connections accepted into the black hole: never forwarded, even after the restore, as the
  // handshake they sent is lost; their client has to give up on them.
  const swallowed = new Set<Socket>();
  let mode: CutMode | undefined;

  const destroyPair = (pair: Pair) => {
    pair.client.destroy();
    pair.upstream.destroy();
    pairs.delete(pair);
  };
  const server = createServer((client) => {
    if (mode === "refused") {
      client.destroy();
      return;
    }
    if (mode === "black-hole") {
      swallowed.add(client);
      client.on("error", () => {});
      client.on("close", () => swallowed.delete(client));
      client.resume();
      return;
    }
    const upstream = connect(targetPort, targetHost);
    const pair = { client, upstream };
    pairs.add(pair);
    for (const [from, to] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      // Bytes written during a black hole are lost for good, like packets dropped on the way.
      from.on("data", (chunk: Buffer) => {
        if (mode !== "black-hole") to.write(chunk);
      });
      from.on("close", () => destroyPair(pair));
      from.on("error", () => destroyPair(pair));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    cut(how = "refused") {
      mode = how;
      if (how === "refused") for (const pair of pairs) destroyPair(pair);
    },
    restore() {
      mode = undefined;
    },
    async close() {
      mode = "refused";
      for (const pair of pairs) destroyPair(pair);
      for (const socket of swallowed) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
