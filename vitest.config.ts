import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "@": path.resolve(import.meta.dirname) };
const integration = ["tests/integration/**/*.test.ts"];
// On CI a test that fails is run once more (as Playwright does), so a rare timing fault on a busy
// machine does not hide everything else; one that fails twice fails the run.
const retry = process.env.CI ? 1 : 0;

/**
 * Unit tests run once. Integration tests run against an in-memory PGlite (each test file its own
 * database) and, when TEST_DATABASE_URL is set, again against real PostgreSQL in a fresh
 * database created for the run and dropped after it (tests/setup/postgres.ts).
 */
export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      { resolve: { alias }, test: { name: "unit", include: ["tests/unit/**/*.test.ts", "lib/**/*.test.ts"], env: { DATABASE_URL: "memory://", LOG_LEVEL: "silent", DATA_DIR: ".data/test" } } },
      {
        resolve: { alias },
        test: { name: "pglite", include: integration, env: { DATABASE_URL: "memory://", LOG_LEVEL: "silent", DATA_DIR: ".data/test" }, setupFiles: ["tests/setup/migrate.ts"], testTimeout: 20_000, hookTimeout: 60_000, retry },
      },
      ...(process.env.TEST_DATABASE_URL
        ? [
            {
              resolve: { alias },
              test: {
                name: "postgres",
                include: integration,
                env: { LOG_LEVEL: "silent", DATA_DIR: ".data/test" },
                globalSetup: ["tests/setup/postgres.ts"],
                setupFiles: ["tests/setup/migrate.ts"],
                testTimeout: 20_000,
                hookTimeout: 60_000,
                retry,
              },
            },
          ]
        : []),
    ],
  },
});
