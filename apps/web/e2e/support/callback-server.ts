import { createServer } from "node:http";
import { freePort } from "@iam/testing";

export interface CallbackServer {
  /** `http://localhost:<port>`; register `${origin}/callback` and `${origin}/logged-out` as the client's URIs. */
  origin: string;
  redirectUri: string;
  postLogoutRedirectUri: string;
  /** Every URL the browser landed on, in order. */
  received: URL[];
  /** Resolves with the next landing whose path is `path`. */
  next(path?: string): Promise<URL>;
  close(): Promise<void>;
}

/**
 * The relying party's side of the browser: a real page at the redirect URI, so the browser ends
 * each flow somewhere (and a screenshot shows what came back), while the test reads the URL.
 */
export async function startCallbackServer(): Promise<CallbackServer> {
  const port = await freePort();
  const origin = `http://localhost:${port}`;
  const received: URL[] = [];
  const waiters: { path: string; resolve: (url: URL) => void }[] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", origin);
    received.push(url);
    const index = waiters.findIndex((waiter) => waiter.path === url.pathname);
    if (index >= 0) waiters.splice(index, 1)[0]?.resolve(url);
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    const rows = [...url.searchParams].map(([key, value]) => `<li><b>${escapeHtml(key)}</b>: ${escapeHtml(value.slice(0, 60))}</li>`).join("");
    response.end(`<!doctype html><title>Relying party</title><h1>Relying party ${escapeHtml(url.pathname)}</h1><ul>${rows}</ul>`);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    origin,
    redirectUri: `${origin}/callback`,
    postLogoutRedirectUri: `${origin}/logged-out`,
    received,
    next(path = "/callback") {
      return new Promise((resolve) => waiters.push({ path, resolve }));
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
