import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";

type Page = HtmlEscapedString | Promise<HtmlEscapedString>;

/** `script` is this file's own constant code, never input: it goes in unescaped. */
function layout(title: string, body: Page, script = ""): Page {
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title}</title>
    <style>
      body { font: 16px/1.5 system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; color: #1e293b; }
      button, .button { font: inherit; padding: .5rem 1rem; border-radius: .375rem; border: 1px solid #334155; background: #1e293b; color: white; text-decoration: none; cursor: pointer; }
      dt { font-weight: 600; } dd { margin: 0 0 .5rem; }
    </style>
  </head>
  <body>
    ${body}
    ${script ? html`<script type="module">${raw(script)}</script>` : ""}
  </body>
</html>`;
}

/**
 * The "frontend": it knows no token. It asks /api/me; on 401 it calls /auth/refresh (the
 * refresh cookie is sent there only) and asks again; still 401 means signed out.
 */
const HOME_SCRIPT = `
const status = document.getElementById("status");
async function me() { return fetch("/api/me", { credentials: "same-origin" }); }
let response = await me();
let refreshed = false;
if (response.status === 401) {
  const refresh = await fetch("/auth/refresh", { method: "POST", credentials: "same-origin" });
  if (refresh.ok) { refreshed = true; response = await me(); }
}
if (response.ok) {
  const { user, expires_at } = await response.json();
  document.getElementById("name").textContent = user.name ?? user.email ?? user.id;
  document.getElementById("email").textContent = user.email ?? "";
  document.getElementById("organization").textContent = user.organizationId;
  document.getElementById("role").textContent = user.role;
  document.getElementById("expires").textContent = new Date(expires_at * 1000).toISOString();
  document.getElementById("signed-in").hidden = false;
  document.body.dataset.refreshed = String(refreshed);
  status.textContent = "Signed in";
} else {
  document.getElementById("signed-out").hidden = false;
  status.textContent = "Signed out";
}
document.body.dataset.ready = "true";
`;

export function homePage(): Page {
  return layout(
    "Acme Notes",
    html`<h1>Acme Notes</h1>
      <p id="status" role="status">Checking your session…</p>
      <section id="signed-in" hidden>
        <dl>
          <dt>Name</dt><dd id="name"></dd>
          <dt>Email</dt><dd id="email"></dd>
          <dt>Organization</dt><dd id="organization"></dd>
          <dt>Role here</dt><dd id="role"></dd>
          <dt>Session until</dt><dd id="expires"></dd>
        </dl>
        <form method="post" action="/auth/logout"><button type="submit">Sign out</button></form>
      </section>
      <section id="signed-out" hidden>
        <a class="button" href="/auth/login">Sign in</a>
      </section>`,
    HOME_SCRIPT,
  );
}

/** Trades the one-time code for cookies, then drops it from the address bar and history. */
const COMPLETE_SCRIPT = `
const params = new URLSearchParams(location.search);
const code = params.get("exchange");
const returnTo = params.get("return_to") ?? "/";
const safe = returnTo.startsWith("/") && !returnTo.startsWith("//") ? returnTo : "/";
history.replaceState(null, "", "/auth/complete");
const response = code ? await fetch("/auth/exchange", {
  method: "POST",
  credentials: "same-origin",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ code }),
}) : undefined;
if (response?.ok) location.replace(safe);
else document.getElementById("message").textContent = "This sign-in link has expired or was already used.";
`;

export function completePage(): Page {
  return layout("Signing you in…", html`<p id="message" role="status">Signing you in…</p><p><a href="/auth/login">Sign in again</a></p>`, COMPLETE_SCRIPT);
}

export function errorPage(message: string, action: string): Page {
  return layout("Sign-in problem", html`<h1>Sign-in problem</h1><p role="alert">${message}</p><p><a class="button" href="/auth/login">${action}</a></p>`);
}
