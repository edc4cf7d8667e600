import { jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Settings an admin changes in the console (branding, support contact, lifetimes, sign-up
 * policy): one row per group (`instance` today), its value validated by `@iam/schemas` on every
 * read and write, so a field added later falls back to its default on old rows.
 */
export const setting = pgTable("setting", {
  key: text("key").primaryKey(),
  value: jsonb("value").$type<Record<string, unknown>>().notNull(),
  updatedAt: timestamp("updated_at").notNull(),
  /** The admin who saved it last. */
  updatedBy: text("updated_by"),
});
