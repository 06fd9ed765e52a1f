/**
 * The Node.js versions Portico runs on (DESIGN.md, Versions): 22 and newer, 24 first, as Lambda's
 * `nodejs24.x`. Node 20 is past its end of life and the AWS SDK drops it, so the CLI and the test
 * run stop at once on it, with one line that says what to do, instead of failing later and oddly.
 * package.json's `engines` says the same (a test keeps them in step).
 */
import { lambdaRuntime } from "../model/lambda-runtime.js";

/** The oldest Node.js major Portico supports. */
export const minimumNodeMajor = 22;

/** The one line to show on an unsupported Node.js, or `undefined` when this one is fine. */
export function unsupportedNodeMessage(version: string = process.versions.node): string | undefined {
  const major = Number.parseInt(version.replace(/^v/, ""), 10);
  if (major >= minimumNodeMajor) return undefined;
  return (
    `Portico needs Node.js ${minimumNodeMajor} or newer (24 LTS recommended, as Lambda's ${lambdaRuntime.name}), ` +
    `found ${version.startsWith("v") ? version : `v${version}`}: install Node.js 24, or in Portico's ` +
    "repository run `source scripts/use-node.sh` for the Node CI uses."
  );
}
