import type { APIError } from "better-auth/api";

type Body = Record<string, unknown>;

const MAX_REASON = 200;

/** The client a token request names: `client_id` in the body, or the Basic credentials' user. */
export function requestClientId(body: Body, authorization: string | null | undefined): string | undefined {
  if (typeof body.client_id === "string" && body.client_id) return body.client_id.slice(0, 200);
  const basic = authorization?.match(/^Basic\s+(\S+)$/i)?.[1];
  if (!basic) return undefined;
  const decoded = Buffer.from(basic, "base64").toString("utf8");
  const separator = decoded.indexOf(":");
  if (separator <= 0) return undefined;
  try {
    // RFC 6749 §2.3.1: form-encoded before Base64. Only the part before the colon: never the secret.
    return decodeURIComponent(decoded.slice(0, separator).replace(/\+/g, " ")).slice(0, 200);
  } catch {
    return undefined;
  }
}

/**
 * What the audit log keeps of a refused token request: the client it names, the grant type, the
 * OAuth error and the provider's reason. Never the code, the refresh token, the verifier or the
 * secret: those are read from nowhere but the error the plugin produced, whose descriptions name
 * the check that failed ("invalid code_verifier", "redirect_uri mismatch"), not the values.
 */
export function describeTokenFailure(body: Body, authorization: string | null | undefined, error: APIError) {
  const answer = (error.body ?? {}) as Body;
  const grantType = typeof body.grant_type === "string" ? body.grant_type.slice(0, 100) : null;
  const reason =
    typeof answer.error_description === "string"
      ? answer.error_description.slice(0, MAX_REASON)
      : typeof answer.message === "string"
        ? answer.message.slice(0, MAX_REASON)
        : null;
  return {
    clientId: requestClientId(body, authorization) ?? null,
    details: {
      grant_type: grantType,
      error: typeof answer.error === "string" ? answer.error : (error.body?.code ?? "invalid_request"),
      reason,
      status: error.statusCode,
    },
  };
}
