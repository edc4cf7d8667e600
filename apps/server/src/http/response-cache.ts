import type { MiddlewareHandler } from "hono";

interface CachedResponse {
  status: number;
  headers: [string, string][];
  body: ArrayBuffer;
  expiresAt: number;
}

export interface ResponseCacheOptions {
  /** Requests that change what the cached documents say (e.g. a signing-key rotation). */
  invalidatedBy?: (method: string, path: string) => boolean;
}

/**
 * Serves GETs of `paths` (no query string) from memory for `ttlMs`: discovery documents and the
 * JWKS are the same for everyone and change only when configuration or keys do, yet each costs
 * a trip through Better Auth and, for the JWKS, the database. Concurrent misses share one
 * upstream call. Only complete 200 answers without cookies are kept; a rotated signing key
 * appears at most `ttlMs` later, well inside the overlap relying parties allow.
 */
export function responseCache(paths: ReadonlySet<string>, ttlMs: number, options: ResponseCacheOptions = {}): MiddlewareHandler {
  const entries = new Map<string, CachedResponse>();
  const pending = new Map<string, Promise<CachedResponse | undefined>>();

  return async (c, next) => {
    const path = c.req.path;
    if (options.invalidatedBy?.(c.req.method, path)) {
      // This instance's own key rotation shows at once; other instances' within ttlMs.
      await next();
      entries.clear();
      return;
    }
    if (c.req.method !== "GET" || !paths.has(path) || c.req.url.includes("?")) return next();
    const fresh = entries.get(path);
    if (fresh && fresh.expiresAt > Date.now()) return replay(fresh);

    const inFlight = pending.get(path);
    if (inFlight) {
      const shared = await inFlight;
      if (shared) return replay(shared);
      return next();
    }
    let settle: (entry: CachedResponse | undefined) => void = () => {};
    pending.set(path, new Promise((resolve) => (settle = resolve)));
    try {
      await next();
      const entry = await capture(c.res, ttlMs);
      if (entry) entries.set(path, entry);
      settle(entry);
    } catch (error) {
      settle(undefined);
      throw error;
    } finally {
      pending.delete(path);
    }
  };
}

async function capture(response: Response, ttlMs: number): Promise<CachedResponse | undefined> {
  if (response.status !== 200 || response.headers.has("set-cookie")) return undefined;
  const body = await response.clone().arrayBuffer();
  return { status: response.status, headers: [...response.headers], body, expiresAt: Date.now() + ttlMs };
}

function replay(entry: CachedResponse): Response {
  return new Response(entry.body, { status: entry.status, headers: entry.headers });
}
