/**
 * The device fleet's own stack, synthesized offline (no account) with its functions bundled and
 * cdk-nag's checks passed: every route behind its authorizer, the table's TTL and indexes, and each
 * function allowed exactly what its route needs (the heartbeat only its declared UpdateItem).
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Template } from "aws-cdk-lib/assertions";
import { deployedFunctionName, stageStack, synthesizeChecked } from "portico/infra";
import { describeApp } from "portico/model";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { app } from "../app/portico.config.js";

const appDir = new URL("../app", import.meta.url).pathname;
const projectRoot = new URL("../../..", import.meta.url).pathname;
type Resource = { readonly Properties: Record<string, unknown> };

let outdir: string;
let template: Template;

beforeAll(async () => {
  outdir = await mkdtemp(join(tmpdir(), "device-fleet-synth-"));
  const { cdkApp, stack } = stageStack({ app, appDir, projectRoot, stage: "dev", outdir });
  synthesizeChecked(cdkApp);
  template = Template.fromStack(stack);
}, 180_000);

afterAll(async () => {
  await rm(outdir, { recursive: true, force: true });
});

const resources = (type: string) => Object.values(template.findResources(type)) as Resource[];

/** A function's role statements, as `action on resource kind`. */
function grantsOf(name: string): string[] {
  const functionName = deployedFunctionName(describeApp(app), "dev", { name });
  const fn = resources("AWS::Lambda::Function").find(
    (resource) => resource.Properties.FunctionName === functionName,
  ) as Resource;
  const roleId = (fn.Properties.Role as { "Fn::GetAtt": [string] })["Fn::GetAtt"][0];
  const role = template.findResources("AWS::IAM::Role")[roleId] as Resource;
  const policies = role.Properties.Policies as { PolicyDocument: { Statement: Record<string, unknown>[] } }[];
  return policies
    .flatMap(({ PolicyDocument }) =>
      PolicyDocument.Statement.flatMap((statement) => {
        const resource = JSON.stringify(statement.Resource);
        const kind =
          /index\/GSI\d/.exec(resource)?.[0] ?? (resource.includes("DataTable") ? "table" : "other");
        return ([] as string[]).concat(statement.Action as string).map((action) => `${action} on ${kind}`);
      }),
    )
    .filter((grant) => grant.startsWith("dynamodb:"))
    .sort();
}

describe("the device fleet's stack", () => {
  it("routes every operation, the file routes and the heartbeat, each to its own bundled function", () => {
    const routes = resources("AWS::ApiGatewayV2::Route").map((route) => route.Properties.RouteKey);
    expect(routes.sort()).toEqual(
      describeApp(app)
        .routes.map((route) => route.routeKey)
        .sort(),
    );
    expect(routes).toContain("POST /devices/{deviceId}/heartbeat");
    const deployed = resources("AWS::Lambda::Function").map((fn) => fn.Properties.FunctionName);
    for (const fn of describeApp(app).functions) {
      expect(deployed).toContain(deployedFunctionName(describeApp(app), "dev", fn));
    }
  });

  it("keeps readings under DynamoDB's TTL, with the listing and filter indexes", () => {
    const [table] = resources("AWS::DynamoDB::GlobalTable") as [Resource];
    expect(table.Properties.TimeToLiveSpecification).toEqual({ AttributeName: "expiresAt", Enabled: true });
    expect(
      (table.Properties.GlobalSecondaryIndexes as { IndexName: string }[]).map((index) => index.IndexName),
    ).toEqual(["GSI1", "GSI2", "GSI3", "GSI4"]);
  });

  it("allows the heartbeat only its declared UpdateItem, and a list only the indexes it reads", () => {
    expect(grantsOf("devices-heartbeat")).toEqual(["dynamodb:UpdateItem on table"]);
    expect(grantsOf("devices-list")).toEqual([
      "dynamodb:Query on index/GSI1",
      "dynamodb:Query on index/GSI2",
    ]);
    expect(grantsOf("readings-list")).toEqual(["dynamodb:Query on index/GSI2", "dynamodb:Query on table"]);
  });
});
