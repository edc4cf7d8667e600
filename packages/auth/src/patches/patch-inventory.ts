/**
 * Every hunk the project carries in `patches/` (pnpm patches), with a piece of its code that
 * `patch-inventory.test.ts` looks for in the installed package, and the test that fails without
 * it. `patches/README.md` lists the same hunks by id; the test keeps the two in step.
 *
 * A hunk that no longer applies fails `pnpm install` (pnpm refuses a patch it cannot apply, and
 * one for a version that is not installed). A hunk whose code is gone from what Node loads fails
 * the inventory test. A hunk that applies but stops doing its job fails its own test.
 */
export interface PatchHunk {
  id: string;
  /** The package as imported. */
  packageName: "better-call" | "@better-auth/core" | "better-auth" | "@better-auth/oauth-provider";
  /** Text found in one of the package's dist/*.mjs files only when the hunk is applied. */
  marker: string;
  /** The test (file › name) that fails without the hunk. */
  test: string;
}

export const PATCH_HUNKS: readonly PatchHunk[] = [
  {
    id: "call-lazy-stack",
    packageName: "better-call",
    marker: "this.#stackSource = /* @__PURE__ */ new Error();",
    test: "packages/auth/src/patches/better-call.test.ts › formats no stack text when an error is made",
  },
  {
    id: "call-get-no-body",
    packageName: "better-call",
    marker: 'if (request.method === "GET" || request.method === "HEAD") return;',
    test: "packages/auth/src/patches/better-call.test.ts › never asks a GET request for its body",
  },
  {
    id: "core-type-only-middlewares",
    packageName: "@better-auth/core",
    marker: "const createEndpointWithAuthContext = createEndpoint.create({ use: [] });",
    test: "inventory only (CPU: docs/benchmarks.md)",
  },
  {
    id: "core-colour-depth-once",
    packageName: "@better-auth/core",
    marker: "transactionIdColorDepth ??= getColorDepth();",
    test: "inventory only (CPU: docs/benchmarks.md)",
  },
  {
    id: "auth-router-once",
    packageName: "better-auth",
    marker: "sharedRouter ??= router(perRequestContextView(requestState, ctx), options);",
    test: "packages/auth/src/patches/better-auth-router.test.ts › collects endpoints for the first request only",
  },
  {
    id: "auth-context-copy",
    packageName: "better-auth",
    marker: "handlerCtx = copyRequestContext(ctx);",
    test: "packages/auth/src/patches/better-auth-router.test.ts › copies the context per request by value",
  },
  {
    id: "auth-hooks-once",
    packageName: "better-auth",
    marker: "hooksByOptions.set(authContext.options, hooks);",
    test: "packages/auth/src/patches/better-auth-router.test.ts › collects the plugins' hooks once per instance",
  },
  {
    id: "auth-signing-key-kept",
    packageName: "better-auth",
    marker: "const privateKey = await importedPrivateKey(ctx.context.secretConfig, key, alg, async () => {",
    test: "packages/auth/src/patches/better-auth-signing-key.test.ts (correctness; CPU: docs/benchmarks.md)",
  },
  {
    id: "op-consent-not-found",
    packageName: "@better-auth/oauth-provider",
    marker: '// which tells consent ids apart; both are "no consent" to the caller.',
    test: "apps/server/src/security/admin-account.test.ts › a user who reads/edits/deletes another user's consent",
  },
  {
    id: "op-revoke-200",
    packageName: "@better-auth/oauth-provider",
    marker: 'if (error.status === "BAD_REQUEST") return null;',
    test: "apps/server/src/security/resource-endpoints.test.ts › revocation of an unknown token / an alg=none JWT answers 200",
  },
  {
    id: "op-code-challenge-format",
    packageName: "@better-auth/oauth-provider",
    marker: "code_challenge must be 43 to 128 unreserved characters",
    test: "apps/server/src/security/authorize.test.ts › refuses PKCE with a challenge too short / outside the unreserved set",
  },
  {
    id: "op-pkce-invalid-grant",
    packageName: "@better-auth/oauth-provider",
    marker: "check of this grant: RFC 6749 §5.2 and RFC 7636 §4.6 say invalid_grant",
    test: "apps/server/src/security/token.test.ts › refuses a code_verifier the authorization request never committed to",
  },
  {
    id: "op-refresh-needs-consent",
    packageName: "@better-auth/oauth-provider",
    marker: 'error_description: "consent revoked",',
    test: "apps/server/src/security/token.test.ts › refuses refresh once the user revoked consent",
  },
  {
    id: "op-lookups-per-request",
    packageName: "@better-auth/oauth-provider",
    marker: "() => loadClient(ctx, options, clientId));",
    test: "apps/server/src/flows/lookups-per-request.test.ts",
  },
  {
    id: "op-form-parsed-once",
    packageName: "@better-auth/oauth-provider",
    marker: "const params = await requestFormParameters(request);",
    test: "inventory only (CPU: docs/benchmarks.md)",
  },
  {
    id: "op-opaque-token-not-jwt",
    packageName: "@better-auth/oauth-provider",
    marker: 'if (typeof token === "string" && token.split(".").length === 3) try {',
    test: "inventory only (CPU: docs/benchmarks.md)",
  },
];
