import { defineConfig } from "vitest/config";

/**
 * Two projects, so a test's place says what it needs:
 * - `unit`: beside their module under src/ (the DynamoDB Local service tests start their own);
 * - `connected`: cross-module suites under test/, sharing one DynamoDB Local for the run;
 * - `e2e`: the HTTP contract suites again, through the local gateway over real HTTP.
 */
export default defineConfig({
  test: {
    // The first run downloads DynamoDB Local (about 56 MB) through npm.
    hookTimeout: 120_000,
    testTimeout: 20_000,
    env: {
      POWERTOOLS_LOG_LEVEL: "SILENT",
      // Handlers run in-process emit no metric lines; src/runtime/metrics.test.ts turns them on.
      POWERTOOLS_METRICS_DISABLED: "true",
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "local",
      AWS_SECRET_ACCESS_KEY: "local",
    },
    projects: [
      { extends: true, test: { name: "unit", include: ["src/**/*.test.ts", "app/**/*.test.ts"] } },
      {
        extends: true,
        test: {
          name: "connected",
          include: ["test/**/*.test.ts"],
          globalSetup: ["test/support/dynamodb-global-setup.ts"],
          setupFiles: ["test/support/stop-test-apis.ts"],
        },
      },
      {
        // The same HTTP contract, end to end: the local gateway over real HTTP, with real tokens.
        extends: true,
        test: {
          name: "e2e",
          include: ["test/http/**/*.test.ts"],
          // Suites that look inside the process (DynamoDB call counts, a shifted clock).
          exclude: ["test/http/**/*.in-process.test.ts", "test/http/failures.test.ts"],
          globalSetup: ["test/support/dynamodb-global-setup.ts"],
          setupFiles: ["test/support/stop-test-apis.ts"],
          env: { PORTICO_TEST_TARGET: "gateway" },
        },
      },
    ],
  },
});
