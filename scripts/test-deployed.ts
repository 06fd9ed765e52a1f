/**
 * `npm run test:deployed -- --stage dev [vitest args]`: the HTTP contract suites against a deployed
 * stage, as the vitest project `deployed`. The stage must be one of the app's; AWS credentials are
 * checked first (one line and exit 1 without them), then the suites find the stage's URL and
 * tokens from its stack (test/support/deployed-target.ts).
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { app } from "../app/portico.config.js";
import { runNodeScript } from "../src/cli/aws/cdk-cli.js";
import { checkAwsCredentials } from "../src/cli/aws/credentials.js";
import { CliRefusal } from "../src/cli/errors.js";
import { chosenStage } from "../src/cli/stage.js";
import { describeApp } from "../src/model/index.js";
import { testStageEnv } from "../test/support/api.js";

async function run(): Promise<number> {
  const { values, tokens } = parseArgs({
    args: process.argv.slice(2),
    options: { stage: { type: "string" } },
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const stage = chosenStage(describeApp(app), values.stage);
  // Everything but --stage goes to vitest: files, -t, --reporter and the like.
  const stageArgs = new Set(
    tokens.flatMap((token) =>
      token.kind === "option" && token.name === "stage"
        ? [token.index, ...(token.inlineValue === false ? [token.index + 1] : [])]
        : [],
    ),
  );
  const passed = process.argv.slice(2).filter((_, index) => !stageArgs.has(index));
  await checkAwsCredentials();
  const vitest = join(dirname(createRequire(import.meta.url).resolve("vitest/package.json")), "vitest.mjs");
  return runNodeScript(vitest, ["run", "--project", "deployed", ...passed], {
    ...process.env,
    PORTICO_TEST_TARGET: "deployed",
    [testStageEnv]: stage.name,
  });
}

try {
  process.exitCode = await run();
} catch (error) {
  process.stderr.write(`test:deployed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = error instanceof CliRefusal ? error.exitCode : 1;
}
