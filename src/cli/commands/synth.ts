/**
 * `portico synth [--stage <stage>] [--out cdk.out]`: each stage's stack and function bundles,
 * offline and without credentials, into `<out>/<stage>`; prints each stack and each bundle's size.
 */
import { join, resolve } from "node:path";
import { describeApp } from "../../model/index.js";
import { assemblyRoot, type ParsedCommand } from "../flags.js";
import type { Io } from "../io.js";
import { chosenStage } from "../stage.js";
import { appDir, type DeployDeps, deployDeps } from "./deploy.js";

/** `48213` → `47.1 KB`. */
export function formatBytes(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

export async function synthCommand(
  parsed: ParsedCommand,
  io: Io,
  deps: Pick<DeployDeps, "loadApp" | "synthesize"> = deployDeps,
): Promise<number> {
  const app = await deps.loadApp();
  const description = describeApp(app);
  const stages =
    parsed.values.stage === undefined
      ? Object.keys(description.deploy.stages)
      : [chosenStage(description, parsed.values.stage).name];
  const out = typeof parsed.values.out === "string" ? parsed.values.out : assemblyRoot;
  for (const stage of stages) {
    const outdir = join(out, stage);
    const result = await deps.synthesize({ app, appDir: resolve(appDir), stage, outdir });
    io.out(`${result.stackName}  (stage ${stage}, ${outdir})`);
    const width = Math.max(0, ...result.bundles.map((bundle) => bundle.name.length));
    for (const bundle of [...result.bundles].sort((a, b) => a.name.localeCompare(b.name))) {
      io.out(`  ${bundle.name.padEnd(width)}  ${formatBytes(bundle.bytes).padStart(9)}`);
    }
  }
  return 0;
}
