import { readWebEnv } from "@iam/env";
import { NextResponse } from "next/server";
import type { NextRequest } from "next/server";
import { contentSecurityPolicy } from "@/lib/content-security-policy";

/**
 * A fresh nonce per request, handed to Next in the request's CSP header (Next reads the nonce
 * from it and puts it on the scripts it renders) and sent to the browser in the response's.
 */
export function proxy(request: NextRequest): NextResponse {
  const env = readWebEnv();
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const policy = contentSecurityPolicy({ nonce, apiUrl: env.BETTER_AUTH_URL, development: env.NODE_ENV === "development" });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  // Static assets carry no scripts of their own to protect.
  matcher: ["/((?!_next/static|_next/image|favicon.ico).*)"],
};
