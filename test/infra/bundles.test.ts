/**
 * Every function bundled as the stack deploys it (esbuild through NodejsFunction, no Docker), with
 * cdk-nag's AwsSolutions checks over the whole stage. A bundle imports an AWS SDK client only when
 * its function's permissions use that service.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { assetFolder, type SynthResult, synthesize } from "portico/infra";
import { describeApp, type FunctionDescription } from "portico/model";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { app } from "../../app/portico.config.js";
import { appDir } from "./template.js";

const description = describeApp(app);
const outdir = mkdtempSync(join(tmpdir(), "portico-synth-"));
let synth: SynthResult;

beforeAll(async () => {
  synth = await synthesize({ app, appDir, stage: "dev", outdir });
}, 120_000);
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/**
 * The SDK clients each service's permissions allow a bundle to import. The S3 presigners send
 * nothing (they sign with the role's credentials, and S3 checks the role's grant when the URL is
 * used), so each is allowed by the action its URL performs: the POST policy by `s3:PutObject`, a
 * presigned GET by `s3:GetObject`.
 */
function allowedClients(fn: FunctionDescription): string[] {
  const s3Actions = new Set(fn.permissions.s3.flatMap((grant) => grant.actions));
  return [
    ...(fn.permissions.dynamodb.length > 0
      ? ["@aws-sdk/client-dynamodb", "@aws-sdk/lib-dynamodb", "@aws-sdk/util-dynamodb"]
      : []),
    ...(fn.permissions.secrets.length > 0 ? ["@aws-sdk/client-secrets-manager"] : []),
    ...(s3Actions.size > 0 ? ["@aws-sdk/client-s3"] : []),
    ...(s3Actions.has("s3:PutObject") ? ["@aws-sdk/s3-presigned-post"] : []),
    ...(s3Actions.has("s3:GetObject") ? ["@aws-sdk/s3-request-presigner"] : []),
  ];
}

interface Metafile {
  readonly outputs: Record<string, { readonly imports: readonly { readonly path: string }[] }>;
}

/** The staged folder of a function's bundle in the assembly. */
function bundleFolder(fn: Pick<FunctionDescription, "name">): string {
  const template = JSON.parse(
    readFileSync(join(synth.assemblyDir, `${synth.stackName}.template.json`), "utf8"),
  ) as {
    Resources: Record<
      string,
      { Type: string; Properties: { FunctionName?: string; Code?: { S3Key?: string } } }
    >;
  };
  const resource = Object.values(template.Resources).find(
    (candidate) =>
      candidate.Type === "AWS::Lambda::Function" &&
      candidate.Properties.FunctionName === `${synth.stackName}-${fn.name}`,
  );
  return assetFolder(synth.assemblyDir, resource?.Properties.Code?.S3Key as string);
}

function importedSdkClients(fn: FunctionDescription): string[] {
  const meta = JSON.parse(readFileSync(join(bundleFolder(fn), "index.meta.json"), "utf8")) as Metafile;
  const imports = Object.values(meta.outputs).flatMap((output) => output.imports.map((entry) => entry.path));
  return [...new Set(imports.filter((path) => path.startsWith("@aws-sdk/")))].sort();
}

describe("synthesizing a stage", () => {
  it("passes cdk-nag's AwsSolutions checks with no unacknowledged finding", () => {
    expect(synth.stackName).toBe("swifty-planner-dev");
  });

  it("bundles every function, and prints each bundle's size", () => {
    expect(synth.bundles.map((bundle) => bundle.name).sort()).toEqual(
      description.functions.map((fn) => fn.name).sort(),
    );
    const table = synth.bundles.map(
      (bundle) => `${bundle.name.padEnd(16)} ${(bundle.bytes / 1024).toFixed(1).padStart(7)} KB`,
    );
    console.log(`function bundles (minified, AWS SDK left to the runtime):\n${table.join("\n")}`);
    for (const bundle of synth.bundles) expect(bundle.bytes).toBeGreaterThan(1000);
  });

  it.each(description.functions.map((fn) => [fn.name, fn] as const))(
    "%s: its bundle imports only the SDK clients its permissions use",
    (_name, fn) => {
      const imported = importedSdkClients(fn);
      expect(imported.filter((client) => !allowedClients(fn).includes(client))).toEqual([]);
      if (fn.permissions.secrets.length > 0) expect(imported).toContain("@aws-sdk/client-secrets-manager");
      if (fn.permissions.s3.length > 0) expect(imported).toContain("@aws-sdk/client-s3");
    },
  );

  it("runs as Lambda loads it: a fresh Node.js imports the ES module bundle and it answers an event", () => {
    // The health bundle imports no SDK client, so it runs from the assembly with nothing installed.
    const bundle = join(bundleFolder({ name: "health" }), "index.mjs");
    const event = {
      version: "2.0",
      routeKey: "GET /health",
      rawPath: "/v1/health",
      rawQueryString: "",
      headers: {},
      isBase64Encoded: false,
      requestContext: { requestId: "bundleTest0000=", http: { method: "GET", path: "/v1/health" } },
    };
    const script = `const { handler } = await import(${JSON.stringify(bundle)}); process.stdout.write(JSON.stringify(await handler(${JSON.stringify(event)})));`;
    const output = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
      env: { PATH: process.env.PATH, POWERTOOLS_LOG_LEVEL: "SILENT", POWERTOOLS_METRICS_DISABLED: "true" },
      encoding: "utf8",
    });
    expect(JSON.parse(output)).toMatchObject({ statusCode: 200, body: JSON.stringify({ status: "ok" }) });
  });
});
