import { z } from "zod";

/** A person with at least one second factor (an authenticator app or a passkey), as an admin sees it (never a key or a code). */
export const personSecondFactors = z.object({
  user_id: z.string(),
  email: z.string(),
  name: z.string(),
  /** An authenticator app, confirmed by a first code. */
  totp: z.boolean(),
  /** Set up but never confirmed (not asked for at sign-in). */
  totp_pending: z.boolean(),
  /** How many passkeys the person has registered. */
  passkeys: z.number().int(),
  /** Wrong codes have locked the second factor until then. */
  locked_until: z.string().nullable(),
});

export const secondFactorList = z.object({ people: z.array(personSecondFactors) });

/** At most `limit` people (default and ceiling 1000), by email. */
export const secondFactorListQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).optional() });

export const secondFactorUserParam = z.object({ user_id: z.string().min(1).max(200) });

/** `removed`: there was a factor to remove; the person's sessions end either way. */
export const secondFactorReset = z.object({ user_id: z.string(), removed: z.boolean(), sessions_ended: z.boolean() });

export type PersonSecondFactors = z.infer<typeof personSecondFactors>;
export type SecondFactorList = z.infer<typeof secondFactorList>;
