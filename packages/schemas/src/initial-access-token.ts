import { z } from "zod";

/** Issuing an RFC 7591 initial access token: what it is for, and optionally how long it lasts. */
export const createInitialAccessTokenBody = z
  .object({
    name: z.string().trim().min(1, "Say what the token is for").max(200),
    /** Seconds until it stops working; omitted: until revoked. At most a year. */
    expires_in: z.number().int().min(60).max(31_536_000).optional(),
  })
  .strict()
  .meta({ id: "CreateInitialAccessTokenBody" });
export type CreateInitialAccessTokenBody = z.infer<typeof createInitialAccessTokenBody>;

/** A token as listed: never the token itself (only its hash is stored). Times in epoch seconds. */
export const initialAccessTokenView = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.enum(["active", "revoked", "expired"]),
    created_at: z.number().int(),
    created_by: z.string().nullable(),
    expires_at: z.number().int().nullable(),
    revoked_at: z.number().int().nullable(),
    last_used_at: z.number().int().nullable(),
  })
  .meta({ id: "InitialAccessToken" });
export type InitialAccessTokenView = z.infer<typeof initialAccessTokenView>;

export const initialAccessTokenList = z.object({ tokens: z.array(initialAccessTokenView) }).meta({ id: "InitialAccessTokenList" });
export type InitialAccessTokenList = z.infer<typeof initialAccessTokenList>;

/** The answer to issuing one: the token, this once. */
export const issuedInitialAccessToken = initialAccessTokenView
  .extend({ token: z.string().meta({ description: "Present as `Authorization: Bearer …` at the registration endpoint. Shown this once." }) })
  .meta({ id: "IssuedInitialAccessToken" });
export type IssuedInitialAccessTokenView = z.infer<typeof issuedInitialAccessToken>;

export const initialAccessTokenIdParam = z.object({ id: z.string().min(1).max(100) });
