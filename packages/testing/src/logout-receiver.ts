import { createServer } from "node:http";
import type { Server } from "node:http";
import { freePort } from "./free-port.ts";

/**
 * A relying party's back-channel logout endpoint: a real HTTP server on a free loopback port that
 * keeps every `logout_token` posted to `/backchannel`. It can start down (`up()` later) to stand
 * for a relying party that is unreachable for a while.
 */
export interface LogoutReceiver {
  uri: string;
  tokens: string[];
  up(): Promise<void>;
  down(): Promise<void>;
}

export async function startLogoutReceiver(options: { startDown?: boolean } = {}): Promise<LogoutReceiver> {
  const port = await freePort();
  const tokens: string[] = [];
  let server: Server | undefined;
  const receiver: LogoutReceiver = {
    uri: `http://127.0.0.1:${port}/backchannel`,
    tokens,
    up: () =>
      new Promise((resolve, reject) => {
        server = createServer((request, response) => {
          const chunks: Buffer[] = [];
          request.on("data", (chunk: Buffer) => chunks.push(chunk));
          request.on("end", () => {
            const body = new URLSearchParams(Buffer.concat(chunks).toString("utf8"));
            const token = body.get("logout_token");
            const ok =
              request.method === "POST" && request.url === "/backchannel" && request.headers["content-type"] === "application/x-www-form-urlencoded" && token;
            if (ok) tokens.push(token);
            response.writeHead(ok ? 200 : 400, { "cache-control": "no-store" }).end();
          });
        });
        server.once("error", reject);
        server.listen(port, "127.0.0.1", () => resolve());
      }),
    down: () =>
      new Promise((resolve) => {
        if (!server) return resolve();
        server.closeAllConnections();
        server.close(() => resolve());
        server = undefined;
      }),
  };
  if (!options.startDown) await receiver.up();
  return receiver;
}
