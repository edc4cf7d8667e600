import { z } from "zod";
import { pageFields, pageQuery } from "./pagination.ts";

export const consentListQuery = pageQuery.extend({
  user_id: z.string().min(1).max(200).optional(),
  client_id: z.string().min(1).max(200).optional(),
});

export const consentIdParam = z.object({ id: z.string().min(1).max(200) });

/** Scopes the consent keeps; removing any revokes the user's tokens for the client. */
export const updateConsentBody = z.object({ scopes: z.array(z.string().trim().min(1).max(200)).min(1).max(100) }).strict();

export type UpdateConsentBody = z.infer<typeof updateConsentBody>;

/** One user's consent to one client, across users (the plugin's own list shows only the caller's). */
export const consent = z
  .object({
    id: z.string(),
    user_id: z.string().nullable(),
    user_email: z.string().optional(),
    user_name: z.string().optional(),
    client_id: z.string(),
    client_name: z.string().optional(),
    scopes: z.array(z.string()),
    granted_at: z.string().optional(),
    updated_at: z.string().optional(),
  })
  .meta({ id: "Consent" });

export type Consent = z.infer<typeof consent>;

export const consentPage = z.object({ consents: z.array(consent), ...pageFields }).meta({ id: "ConsentPage" });
export type ConsentPage = z.infer<typeof consentPage>;

export const updatedConsent = consent.extend({ tokens_revoked: z.boolean() }).meta({ id: "UpdatedConsent" });

export const revokedConsent = z
  .object({ id: z.string(), revoked: z.literal(true), access_tokens_revoked: z.number().int(), refresh_tokens_revoked: z.number().int() })
  .meta({ id: "RevokedConsent" });
