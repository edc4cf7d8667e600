import { z } from "zod";
import { seeOther } from "./navigation.ts";
import { AUTH_PATHS, fullAuthPath } from "@iam/auth";

const continueResult = z.object({ url: z.string() }).or(z.object({ redirect_uri: z.string() }));

/** `name=value` pairs of a response's Set-Cookie headers, as a Cookie header for the next call. */
function cookiesFrom(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((line) => line.split(";")[0] ?? "")
    .filter((pair) => pair.includes("=") && !pair.endsWith("="))
    .join("; ");
}

/**
 * After a sign-up under `prompt=create`, Better Auth resumes the authorization with `create`
 * still in the prompt and sends the new user back to the sign-up page; a JavaScript page would
 * then call /oauth2/continue `{created: true}`. A native form cannot, so the server makes that
 * call with the fresh session and the browser goes straight on to consent or the client.
 */
export async function continueAfterSignUp(
  request: Request,
  signUpResponse: Response,
  oauthQuery: string,
  handle: (request: Request) => Promise<Response>,
): Promise<Response> {
  const url = new URL(fullAuthPath(AUTH_PATHS.continue), request.url);
  const headers = new Headers({ "content-type": "application/json", accept: "application/json", cookie: cookiesFrom(signUpResponse) });
  const origin = request.headers.get("origin");
  if (origin) headers.set("origin", origin);
  const response = await handle(new Request(url, { method: "POST", headers, body: JSON.stringify({ created: true, oauth_query: oauthQuery }) }));
  const parsed = continueResult.safeParse(await response.json().catch(() => null));
  if (!response.ok || !parsed.success) return signUpResponse;
  const next = "url" in parsed.data ? parsed.data.url : parsed.data.redirect_uri;
  return seeOther(next, signUpResponse);
}
