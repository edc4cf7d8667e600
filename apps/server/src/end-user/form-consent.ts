import { z } from "zod";
import { errorPageUrl, readErrorCode, toBrowserErrorCode } from "./browser-errors.ts";
import { seeOther } from "./navigation.ts";

const consentForm = z.object({
  accept: z.enum(["true", "false"]),
  oauth_query: z.string().min(1).max(8_000),
});

const consentResult = z.object({ url: z.string() });

/**
 * Better Auth's consent endpoint takes JSON only. The consent page posts a plain form, so Allow
 * and Deny work without JavaScript: the form becomes the `{accept, oauth_query}` JSON call the
 * endpoint expects, and its `{url}` answer becomes a redirect the browser follows.
 */
export async function handleFormConsent(request: Request, webUrl: string, handle: (request: Request) => Promise<Response>): Promise<Response> {
  const parsed = consentForm.safeParse(Object.fromEntries((await request.formData()).entries()));
  if (!parsed.success) return seeOther(errorPageUrl(webUrl, "invalid_request"));
  const headers = new Headers(request.headers);
  headers.set("content-type", "application/json");
  headers.set("accept", "application/json");
  headers.delete("content-length");
  const response = await handle(
    new Request(request.url, {
      method: "POST",
      headers,
      body: JSON.stringify({ accept: parsed.data.accept === "true", oauth_query: parsed.data.oauth_query }),
    }),
  );
  if (response.status >= 300 && response.status < 400) return response;
  if (response.ok) {
    const result = consentResult.safeParse(
      await response
        .clone()
        .json()
        .catch(() => null),
    );
    if (result.success) return seeOther(result.data.url, response);
  }
  return seeOther(errorPageUrl(webUrl, toBrowserErrorCode(await readErrorCode(response), response.status)), response);
}
