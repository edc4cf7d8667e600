import { defineConfig } from "drizzle-kit";

// Generating SQL migrations needs only the schema: no database, no secrets.
export default defineConfig({
  dialect: "postgresql",
  schema: "./packages/db/src/schema/index.ts",
  out: "./packages/db/drizzle",
});
