import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // The local twin's first start downloads DynamoDB Local (about 56 MB) into ~/.cache/portico.
    hookTimeout: 120_000,
    testTimeout: 20_000,
  },
});
