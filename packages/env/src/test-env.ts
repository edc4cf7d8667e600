import { z } from "zod";

/** What the test suite reads: PostgreSQL is tested in addition to PGlite when this URL is set. */
const testEnvSchema = z.object({
  TEST_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//)
    .optional()
    .or(z.literal("").transform(() => undefined)),
  /** With TEST_DATABASE_URL, runs the two-instance tests (one PostgreSQL, one Redis). */
  TEST_REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//)
    .optional()
    .or(z.literal("").transform(() => undefined)),
  CHROMIUM_PATH: z.string().default("/usr/bin/chromium"),
});

export type TestEnv = z.infer<typeof testEnvSchema>;

export function readTestEnv(source: Record<string, string | undefined> = process.env): TestEnv {
  return testEnvSchema.parse(source);
}
