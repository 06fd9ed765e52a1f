/**
 * The app's function bundles, built as the stack builds them (`src/infra/bundling.ts`, through
 * esbuild's JS API) into a folder of the caller's, with esbuild's metafile: what the bundles and
 * cold-init sections measure. Also two baselines built with the same options: a hello-world handler,
 * and one that reads one item with the AWS SDK's DynamoDB client and nothing else.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { build, type Metafile } from "esbuild";
import { app } from "../../app/portico.config.js";
import { esbuildOptions, functionBundling } from "../../src/infra/bundling.js";
import {
  describeApp,
  envNames,
  type FunctionDescription,
  lambdaRuntime,
  tableLayout,
} from "../../src/model/index.js";

export interface FunctionBundle {
  /** The function's name (`users-get`), or `hello-world` for the baseline. */
  readonly name: string;
  /** The minified ES module, ready for `import()`. */
  readonly file: string;
  readonly bytes: number;
  /** esbuild's inputs of the output, for what is in it. */
  readonly inputs: Metafile["outputs"][string]["inputs"];
  /** The bare module names it leaves to the runtime (`@aws-sdk/client-dynamodb`). */
  readonly externalImports: readonly string[];
  /** `undefined` for the hello-world baseline. */
  readonly fn: FunctionDescription | undefined;
}

export const appDir = new URL("../../app", import.meta.url).pathname;
export const helloWorldName = "hello-world";
export const sdkHelloWorldName = "hello-world + one GetItem";

/** The smallest Lambda handler there is, the baseline of cold init. */
const helloWorldSource = `export const handler = async () => ({ statusCode: 200, body: "hello world" });\n`;

/** The smallest handler that reads DynamoDB: the SDK's client, one GetItem on the app's table. */
const sdkHelloWorldSource = `import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
const client = new DynamoDBClient({});
const Key = { ${tableLayout.partitionKey}: { S: "HELLO" }, ${tableLayout.sortKey}: { S: "WORLD" } };
export const handler = async () => {
  await client.send(new GetItemCommand({ TableName: process.env.${envNames.tableName}, Key }));
  return { statusCode: 200, body: "hello world" };
};
`;

export interface BuildBundlesOptions {
  /** The folder the bundles are written to. */
  readonly outdir: string;
  /** Bundle options other than the stack's, for a comparison (e.g. the AWS SDK bundled in). */
  readonly externalModules?: readonly string[];
}

async function bundle(
  name: string,
  entry: string,
  fn: FunctionDescription | undefined,
  options: BuildBundlesOptions,
): Promise<FunctionBundle> {
  const bundling = functionBundling(fn?.runtime ?? lambdaRuntime);
  const file = join(options.outdir, name, "index.mjs");
  const result = await build(
    esbuildOptions(
      options.externalModules === undefined
        ? bundling
        : { ...bundling, externalModules: options.externalModules },
      entry,
      file,
    ),
  );
  const output = result.metafile.outputs[Object.keys(result.metafile.outputs)[0] as string];
  if (output === undefined) throw new Error(`esbuild wrote no output for ${name}`);
  return {
    name,
    file,
    bytes: output.bytes,
    inputs: output.inputs,
    externalImports: [
      ...new Set(output.imports.filter((entry) => entry.external).map((entry) => entry.path)),
    ].sort(),
    fn,
  };
}

/** Every function of the app, in `describeApp` order. */
export async function buildFunctionBundles(options: BuildBundlesOptions): Promise<FunctionBundle[]> {
  const bundles: FunctionBundle[] = [];
  for (const fn of describeApp(app).functions)
    bundles.push(await bundle(fn.name, join(appDir, fn.entry), fn, options));
  return bundles;
}

async function baseline(name: string, source: string, options: BuildBundlesOptions): Promise<FunctionBundle> {
  const entry = join(options.outdir, `${name.replaceAll(/[^a-z]+/g, "-")}.mjs`);
  mkdirSync(options.outdir, { recursive: true });
  writeFileSync(entry, source);
  return bundle(name.replaceAll(/[^a-z]+/g, "-"), entry, undefined, options).then((built) => ({
    ...built,
    name,
  }));
}

/** The hello-world baseline, bundled with the same options. */
export function buildHelloWorldBundle(options: BuildBundlesOptions): Promise<FunctionBundle> {
  return baseline(helloWorldName, helloWorldSource, options);
}

/** The hello-world baseline that also reads one item with the SDK (which stays external). */
export function buildSdkHelloWorldBundle(options: BuildBundlesOptions): Promise<FunctionBundle> {
  return baseline(sdkHelloWorldName, sdkHelloWorldSource, options);
}
