import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "app/**/*.test.ts", "test/**/*.test.ts"],
    globalSetup: ["test/support/dynamodb-global-setup.ts"],
    // The first run downloads DynamoDB Local (about 56 MB) through npm.
    hookTimeout: 120_000,
    testTimeout: 20_000,
    env: {
      POWERTOOLS_LOG_LEVEL: "SILENT",
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "local",
      AWS_SECRET_ACCESS_KEY: "local",
    },
  },
});
