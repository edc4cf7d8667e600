import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "apps/*/src/**/*.test.ts",
      "apps/*/scripts/**/*.test.ts",
      "packages/*/src/**/*.test.ts",
      "apps/web/e2e/**/*.test.ts",
      "examples/*/src/**/*.test.ts",
      "scripts/**/*.test.ts",
    ],
    // Each file boots real servers and databases; give them room on a 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
