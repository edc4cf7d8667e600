import { z } from "zod";

/** Shared by every admin list: `?q=…&limit=…&offset=…`. */
export const pageQuery = z.object({
  q: z.string().trim().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export type PageQuery = z.infer<typeof pageQuery>;

/** What every paged answer says besides its items. */
export const pageFields = {
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
};

export type Page = z.infer<z.ZodObject<typeof pageFields>>;
