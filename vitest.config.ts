import { defineConfig } from "vitest/config";

/**
 * Two projects, so a test's place says what it needs:
 * - `unit`: beside their module under src/ (the DynamoDB Local service tests start their own);
 * - `connected`: cross-module suites under test/, sharing one DynamoDB Local for the run.
 */
export default defineConfig({
  test: {
    // The first run downloads DynamoDB Local (about 56 MB) through npm.
    hookTimeout: 120_000,
    testTimeout: 20_000,
    env: {
      POWERTOOLS_LOG_LEVEL: "SILENT",
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
        },
      },
    ],
  },
});
