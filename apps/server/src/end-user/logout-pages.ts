import { errorPageUrl } from "./browser-errors.ts";
import { seeOther } from "./navigation.ts";

/**
 * The OAuth plugin answers RP-initiated logout in a browser with its own bare HTML pages
 * (confirm, logged out, error). They become the console's pages, in the project's look; the
 * signed confirmation cookie the plugin set travels with the redirect.
 */
export async function toConsoleLogoutPage(response: Response, webUrl: string): Promise<Response> {
  if (!(response.headers.get("content-type") ?? "").includes("text/html")) return response;
  const html = await response.clone().text();
  if (html.includes("data-oidc-logout-confirmation")) return seeOther(`${webUrl}/logout`, response);
  if (html.includes('data-oidc-logout-state="logged-out"')) {
    const unregistered = html.includes("not registered");
    return seeOther(`${webUrl}/logout?done=1${unregistered ? "&redirect=unregistered" : ""}`, response);
  }
  if (html.includes('data-oidc-logout-state="error"')) return seeOther(errorPageUrl(webUrl, "logout_failed"), response);
  return response;
}
