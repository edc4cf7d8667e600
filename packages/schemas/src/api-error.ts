import { z } from "zod";

/** Every failure of the project's own routes: an OAuth-style code, a sentence, and the failing fields. */
export const apiErrorBody = z
  .object({
    error: z.string().meta({ description: "An RFC 6749 / project error code, e.g. invalid_request, unauthorized, not_found." }),
    error_description: z.string().optional(),
    details: z
      .array(z.object({ code: z.string().optional(), path: z.array(z.union([z.string(), z.number()])).optional(), message: z.string().optional() }))
      .optional()
      .meta({ description: "For invalid_request: the failing fields (zod issues)." }),
    request_id: z.string().optional().meta({ description: "Also in the X-Request-Id header; quote it when reporting a problem." }),
  })
  .meta({ id: "Error" });

export type ApiErrorBody = z.infer<typeof apiErrorBody>;
