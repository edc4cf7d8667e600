type Handler = (request: Request) => Promise<Response>;

const PING_TIMEOUT_MS = 1_000;

/**
 * Better Auth wraps some database failures (session lookups, for one) in its own 500 instead of
 * letting them reach the HTTP layer. When a 500 coincides with an unreachable database, the
 * honest answer is 503 `temporarily_unavailable` with a retry hint: the request may be retried.
 */
export function withOutageAs503(ping: () => Promise<void>, handle: Handler): Handler {
  return async (request) => {
    const response = await handle(request);
    if (response.status !== 500) return response;
    let timer: NodeJS.Timeout | undefined;
    const unreachable = await Promise.race([
      ping().then(
        () => false,
        () => true,
      ),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(true), PING_TIMEOUT_MS);
      }),
    ]);
    clearTimeout(timer);
    if (!unreachable) return response;
    return Response.json(
      { error: "temporarily_unavailable", error_description: "The database is unavailable; try again shortly." },
      { status: 503, headers: { "Retry-After": "2", "Cache-Control": "no-store" } },
    );
  };
}
