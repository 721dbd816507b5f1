import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Browser and PostgreSQL suites share one machine's resources; keep parallelism modest.
    maxWorkers: 2,
  },
});
