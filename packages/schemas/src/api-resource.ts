import { z } from "zod";
import { JWT_LIFETIME_BOUNDS } from "./token-policy.ts";

/** RFC 8707 §2: an absolute URI without a fragment, e.g. https://api.example.com/orders. */
const identifier = z
  .string()
  .trim()
  .max(2048)
  .refine((value) => URL.canParse(value) && !value.includes("#"), { message: "Enter an absolute URI without a fragment, e.g. https://api.example.com" });
const scopeName = z.string().trim().min(1).max(200);

/**
 * An API this provider issues tokens for (RFC 8707 resource). A request with
 * `resource=<identifier>` from a listed client gets a JWT access token (RFC 9068) with
 * `aud` = identifier and only the API's scopes; an unknown resource is `invalid_target`.
 */
export const apiResourceFields = {
  identifier,
  name: z.string().trim().min(1, "Give the API a name").max(200),
  scopes: z.array(scopeName).min(1, "An API needs at least one scope").max(100),
  client_ids: z.array(z.string().trim().min(1).max(200)).max(500),
  access_token_lifetime: z.number().int().min(JWT_LIFETIME_BOUNDS.min).max(JWT_LIFETIME_BOUNDS.max).nullable(),
  disabled: z.boolean(),
};

export const createApiResourceBody = z
  .object({
    ...apiResourceFields,
    client_ids: apiResourceFields.client_ids.default([]),
    access_token_lifetime: apiResourceFields.access_token_lifetime.optional(),
    disabled: apiResourceFields.disabled.optional(),
  })
  .strict();
export type CreateApiResourceBody = z.infer<typeof createApiResourceBody>;

export const updateApiResourceBody = z
  .object({
    name: apiResourceFields.name,
    scopes: apiResourceFields.scopes,
    client_ids: apiResourceFields.client_ids,
    access_token_lifetime: apiResourceFields.access_token_lifetime,
    disabled: apiResourceFields.disabled,
  })
  .partial()
  .strict()
  .refine((update) => Object.keys(update).length > 0, { message: "nothing to update" });
export type UpdateApiResourceBody = z.infer<typeof updateApiResourceBody>;

/** `q`: part of the identifier or name; `client_id`: only the APIs that client may request. */
export const apiResourceListQuery = z
  .object({ q: z.string().trim().min(1).max(200).optional(), client_id: z.string().trim().min(1).max(200).optional() })
  .strict();
export type ApiResourceListQuery = z.infer<typeof apiResourceListQuery>;

export const apiResourceIdParam = z.object({ id: z.string().min(1).max(200) });

export const apiResource = z
  .object({
    id: z.string(),
    identifier: z.string(),
    name: z.string(),
    scopes: z.array(z.string()),
    client_ids: z.array(z.string()),
    access_token_lifetime: z.number().int().nullable(),
    disabled: z.boolean(),
    created_at: z.number().int().optional(),
  })
  .meta({ id: "ApiResource" });
export type ApiResource = z.infer<typeof apiResource>;

export const apiResourceList = z.object({ resources: z.array(apiResource) }).meta({ id: "ApiResourceList" });
export type ApiResourceList = z.infer<typeof apiResourceList>;
