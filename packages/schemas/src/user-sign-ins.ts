import { z } from "zod";

/** `?user_ids=a,b,c`: the users of one console page (at most 100). */
export const userSignInsQuery = z
  .object({
    user_ids: z
      .string()
      .trim()
      .min(1)
      .max(8_000)
      .transform((value) => [
        ...new Set(
          value
            .split(",")
            .map((id) => id.trim())
            .filter(Boolean),
        ),
      ])
      .pipe(z.array(z.string().max(200)).min(1).max(100)),
  })
  .strict();

/** Each user's last successful sign-in, from the audit log; users who never signed in are left out. */
export const userSignIns = z
  .object({
    last_sign_ins: z.array(z.object({ user_id: z.string(), at: z.string() })),
  })
  .meta({ id: "UserSignIns" });

export type UserSignIns = z.infer<typeof userSignIns>;
