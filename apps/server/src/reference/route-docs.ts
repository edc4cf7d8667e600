import type { z } from "zod";
import { createOAuthClientBody } from "../routes/admin/oauth-client-schema.ts";

export interface RouteDoc {
  summary: string;
  tag: "Admin" | "Operations" | "Discovery" | "Reference";
  /** Who may call it: an admin session cookie, a metrics bearer token, or anyone. */
  access: "admin" | "metrics" | "public";
  body?: z.ZodType;
  /** Status codes besides the error responses every route shares. */
  success?: number;
}

/**
 * The project's own routes (everything outside Better Auth's `/api/auth/*`), keyed by
 * `METHOD path` exactly as Hono registers them. The reference test fails for a registered route
 * that is missing here, so a new route arrives documented.
 */
export const ROUTE_DOCS: Record<string, RouteDoc> = {
  "GET /healthz": { summary: "Liveness: the process answers.", tag: "Operations", access: "public" },
  "GET /readyz": { summary: "Readiness: migrations applied and the database answers (503 otherwise).", tag: "Operations", access: "public" },
  "GET /metrics": {
    summary: "Prometheus metrics: requests, latency, sign-ins, tokens per grant, sessions, database pool. Bearer METRICS_TOKEN; off in production without one.",
    tag: "Operations",
    access: "metrics",
  },
  "GET /.well-known/oauth-authorization-server/api/auth": {
    summary: "RFC 8414 authorization server metadata (path-inserted form for the issuer …/api/auth).",
    tag: "Discovery",
    access: "public",
  },
  "GET /.well-known/openid-configuration/api/auth": {
    summary: "OpenID Provider metadata (path-inserted form for the issuer …/api/auth).",
    tag: "Discovery",
    access: "public",
  },
  "GET /api/reference": { summary: "This interactive API reference.", tag: "Reference", access: "public" },
  "GET /api/reference/openapi.json": { summary: "The OpenAPI 3.1 document behind this reference.", tag: "Reference", access: "public" },
  "GET /api/admin/oauth-clients": { summary: "List every OAuth client (any owner).", tag: "Admin", access: "admin" },
  "POST /api/admin/oauth-clients": {
    summary: "Register a client, admin-only fields included. Answers 201 with client_id and, this once, client_secret.",
    tag: "Admin",
    access: "admin",
    body: createOAuthClientBody,
    success: 201,
  },
  "GET /api/admin/oauth-clients/:client_id": { summary: "One client, without its secret.", tag: "Admin", access: "admin" },
  "PATCH /api/admin/oauth-clients/:client_id": { summary: "Change a client's metadata, admin-only fields or disabled flag.", tag: "Admin", access: "admin" },
  "DELETE /api/admin/oauth-clients/:client_id": { summary: "Delete a client with its tokens and consents.", tag: "Admin", access: "admin" },
  "POST /api/admin/oauth-clients/:client_id/rotate-secret": {
    summary: "Issue a new client secret (shown once); the old one stops working.",
    tag: "Admin",
    access: "admin",
  },
  "GET /api/admin/consents": { summary: "List consents of every user and client.", tag: "Admin", access: "admin" },
  "PATCH /api/admin/consents/:id": { summary: "Narrow a consent's scopes.", tag: "Admin", access: "admin" },
  "DELETE /api/admin/consents/:id": { summary: "Withdraw a consent and revoke the tokens granted under it.", tag: "Admin", access: "admin" },
  "GET /api/admin/signing-keys": { summary: "List the signing keys (public halves) and which one signs.", tag: "Admin", access: "admin" },
  "POST /api/admin/signing-keys/rotate": { summary: "Mint a new signing key; old keys stay in the JWKS to verify tokens already issued.", tag: "Admin", access: "admin" },
  "GET /api/admin/audit-log": { summary: "Recent administrative and security events, newest first (paged).", tag: "Admin", access: "admin" },
  "GET /api/admin/dashboard": { summary: "Counts for the console's overview: users, clients, sessions, tokens.", tag: "Admin", access: "admin" },
};
