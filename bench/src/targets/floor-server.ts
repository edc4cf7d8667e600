/**
 * The floor: a Hono hello-world on the same Node HTTP adapter, answering each scenario's request
 * shape (paths, bodies parsed, headers read) with a constant response and no work behind it.
 * Started by the bench as a child process: `floor-server.ts <port>`.
 */
import { serve } from "@hono/node-server";
import { Hono } from "hono";

const port = Number(process.argv[2] ?? 0);
const token = {
  access_token: "floor-access-token",
  id_token: "floor.id.token",
  token_type: "Bearer",
  expires_in: 3600,
  refresh_token: "floor-refresh-token",
  scope: "api:read",
};
const metadata = { issuer: `http://localhost:${port}`, authorization_endpoint: "/authorize", token_endpoint: "/token", jwks_uri: "/jwks" };
const jwks = { keys: [{ kty: "RSA", kid: "floor", alg: "RS256", use: "sig", n: "AQAB".repeat(86), e: "AQAB" }] };

const app = new Hono()
  .get("/.well-known/openid-configuration", (c) => c.json(metadata))
  .get("/jwks", (c) => c.json(jwks))
  .post("/token", async (c) => {
    const form = await c.req.parseBody();
    const authorization = c.req.header("authorization");
    return c.json({ ...token, grant: String(form.grant_type), client: authorization ? "basic" : "none" });
  })
  .get("/userinfo", (c) => c.json({ sub: "floor-user", bearer: Boolean(c.req.header("authorization")) }))
  .post("/introspect", async (c) => c.json({ active: Boolean((await c.req.parseBody()).token) }))
  .get("/authorize", (c) => c.redirect(`${c.req.query("redirect_uri")}?code=floor-code&state=${c.req.query("state") ?? ""}`))
  .post("/sign-in", async (c) => {
    const body = await c.req.json<{ email?: string }>();
    c.header("set-cookie", "floor_session=1; HttpOnly; Path=/");
    return c.json({ user: { email: body.email } });
  });

const server = serve({ fetch: app.fetch, port }, () => process.send?.({ ready: `http://localhost:${port}` }));
for (const signal of ["SIGTERM", "SIGINT"] as const) process.on(signal, () => server.close(() => process.exit(0)));
