import { z } from "zod";

/** `.env` files often leave a variable empty: that means unset. */
function emptyAsUnset(value: unknown): unknown {
  return value === "" ? undefined : value;
}

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
  CHROMIUM_PATH: z.preprocess(emptyAsUnset, z.string().default("/usr/bin/chromium")),
  /** The soak test's length: short in CI, minutes or hours when run on purpose. */
  SOAK_SECONDS: z.preprocess(emptyAsUnset, z.coerce.number().int().min(5).max(86_400).default(20)),
});

export type TestEnv = z.infer<typeof testEnvSchema>;

export function readTestEnv(source: Record<string, string | undefined> = process.env): TestEnv {
  return testEnvSchema.parse(source);
}
