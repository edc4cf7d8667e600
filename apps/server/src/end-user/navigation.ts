/**
 * A person's browser loading a page or posting a form, as opposed to a relying party, a script
 * or the console's fetch(). Browsers say so with Sec-Fetch-Mode; older ones only by asking for HTML.
 */
export function isBrowserNavigation(headers: Headers): boolean {
  const mode = headers.get("sec-fetch-mode");
  if (mode) return mode === "navigate";
  const accept = headers.get("accept") ?? "";
  return accept.includes("text/html") || accept.includes("application/xhtml+xml");
}

export function isFormPost(request: Request): boolean {
  return request.method === "POST" && (request.headers.get("content-type") ?? "").startsWith("application/x-www-form-urlencoded");
}

/** 303: the browser follows with a GET, so a form is never re-posted on reload. */
export function seeOther(location: string, from?: Response): Response {
  const headers = new Headers({ location, "cache-control": "no-store" });
  // Keep cookies the endpoint set (a session, a logout confirmation state).
  for (const cookie of from?.headers.getSetCookie() ?? []) headers.append("set-cookie", cookie);
  return new Response(null, { status: 303, headers });
}
