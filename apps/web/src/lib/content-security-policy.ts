/**
 * The console's Content-Security-Policy. Scripts run only with this response's nonce (Next puts
 * it on its own scripts) or when loaded by such a script ('strict-dynamic'); nothing injected
 * into a page can execute. The console calls the API from the browser, so its origin is allowed
 * for fetch. `form-action` is left open on purpose: the login and consent forms post to the API,
 * which redirects to whichever relying party asked, and browsers apply form-action to redirects.
 */
export function contentSecurityPolicy({ nonce, apiUrl, development }: { nonce: string; apiUrl: string; development: boolean }): string {
  const apiOrigin = new URL(apiUrl).origin;
  return [
    "default-src 'self'",
    // Next's development runtime evaluates code for fast refresh.
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${development ? " 'unsafe-eval'" : ""}`,
    // Next and React inject style elements without a nonce.
    "style-src 'self' 'unsafe-inline'",
    // Clients' logos are remote images.
    "img-src 'self' data: https:",
    "font-src 'self'",
    `connect-src 'self' ${apiOrigin}${development ? " ws:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}
