import { defaultServerConditions } from "vite";
import { configDefaults, defineConfig, type TestProjectConfiguration } from "vitest/config";

/**
 * `portico/*` (app/ imports Portico by its own name) resolves to the TypeScript sources under this
 * condition (package.json `exports`, src/model/source-condition.ts), not to the compiled dist/.
 */
const conditions = [
  "portico-source",
  // Vitest's own defaults: Vite's, less `module` (bundler-only builds, such as the AWS SDK's dist-es).
  ...defaultServerConditions.filter((condition) => condition !== "module"),
];

/** The contract suites that run over HTTP: the others look inside the process. */
const httpSuites = {
  include: ["test/http/**/*.test.ts"],
  // Suites that look inside the process (DynamoDB call counts, a shifted clock).
  exclude: ["test/http/**/*.in-process.test.ts", "test/http/failures.test.ts"],
};

/**
 * The same HTTP contract against a real stage (`npm run test:deployed -- --stage dev`), only when
 * PORTICO_TEST_TARGET=deployed, so `vitest run` never reaches AWS. It does not extend the root
 * settings: it runs on the caller's own AWS credentials and Region, not the local fakes, and needs
 * no DynamoDB Local. Suites that need more than one caller skip there, saying why.
 */
const deployed: TestProjectConfiguration[] =
  process.env.PORTICO_TEST_TARGET === "deployed"
    ? [
        {
          test: {
            name: "deployed",
            ...httpSuites,
            hookTimeout: 60_000,
            testTimeout: 30_000,
            setupFiles: ["test/support/stop-test-apis.ts"],
            env: { PORTICO_TEST_TARGET: "deployed", POWERTOOLS_LOG_LEVEL: "SILENT" },
          },
        },
      ]
    : [];

/**
 * Four projects, so a test's place says what it needs (a fifth, `deployed`, on demand):
 * - `unit`: beside their module under src/ (the DynamoDB Local service tests start their own);
 * - `connected`: cross-module suites under test/, sharing one DynamoDB Local for the run;
 * - `e2e`: the HTTP contract suites again, through the local gateway over real HTTP;
 * - `browser`: the web client in a real Chromium, against the local stack.
 */
export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
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
      {
        extends: true,
        test: {
          name: "unit",
          include: ["src/**/*.test.ts", "app/**/*.test.ts", "bench/**/*.test.ts", "web/**/*.test.ts"],
          // `portico init`'s template: its tests run in the project it makes (test/e2e/package-init.test.ts).
          exclude: [...configDefaults.exclude, "src/cli/init/template/**"],
        },
      },
      {
        extends: true,
        test: {
          name: "connected",
          include: ["test/**/*.test.ts", "examples/*/test/**/*.test.ts"],
          exclude: [...configDefaults.exclude, "test/browser/**"],
          globalSetup: ["test/support/dynamodb-global-setup.ts"],
          setupFiles: ["test/support/stop-test-apis.ts"],
        },
      },
      {
        // The same HTTP contract, end to end: the local gateway over real HTTP, with real tokens.
        extends: true,
        test: {
          name: "e2e",
          ...httpSuites,
          globalSetup: ["test/support/dynamodb-global-setup.ts"],
          setupFiles: ["test/support/stop-test-apis.ts"],
          env: { PORTICO_TEST_TARGET: "gateway" },
        },
      },
      {
        // The web client (web/) in Debian's Chromium against the whole local stack (test/browser/).
        extends: true,
        test: {
          name: "browser",
          include: ["test/browser/**/*.test.ts"],
          globalSetup: ["test/support/dynamodb-global-setup.ts"],
          setupFiles: ["test/support/stop-test-apis.ts"],
          testTimeout: 60_000,
        },
      },
      ...deployed,
    ],
  },
});
