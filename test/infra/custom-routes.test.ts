/**
 * A custom route in the synthesized stack (offline, no account): its route behind the JWT
 * authorizer, its function with only the environment its permissions need, and a role allowing
 * exactly the permissions its definition declares, with cdk-nag finding nothing unaccepted.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Template } from "aws-cdk-lib/assertions";
import { deployedFunctionName, stageStack, synthesizeChecked } from "portico/infra";
import { type App, defineApp, defineRoute, describeApp } from "portico/model";
import { afterAll, describe, expect, it } from "vitest";
import { app, increment } from "../custom-routes/portico.config.js";
import { resourcesOf, type TemplateResource } from "./template.js";

const projectRoot = new URL("../..", import.meta.url).pathname;
const appDir = new URL("../custom-routes", import.meta.url).pathname;

/** The stage's template, cdk-nag's checks passed (a finding it reports throws). */
function checkedTemplate(of: App, dir = appDir): Template {
  const { cdkApp, stack } = stageStack({ app: of, appDir: dir, projectRoot, stage: "dev", bundle: false });
  synthesizeChecked(cdkApp);
  return Template.fromStack(stack);
}

/** The deployed function, and its role's statements as `action on resource`. */
function deployed(template: Template, of: App, name: string) {
  const functionName = deployedFunctionName(describeApp(of), "dev", { name });
  const fn = Object.values(resourcesOf(template, "AWS::Lambda::Function")).find(
    (resource) => resource.Properties.FunctionName === functionName,
  ) as TemplateResource;
  const roleId = (fn.Properties.Role as { "Fn::GetAtt": [string] })["Fn::GetAtt"][0];
  const role = resourcesOf(template, "AWS::IAM::Role")[roleId] as TemplateResource;
  const policies = role.Properties.Policies as { PolicyDocument: { Statement: Record<string, unknown>[] } }[];
  const grants = policies.flatMap(({ PolicyDocument }) =>
    PolicyDocument.Statement.flatMap((statement) => {
      const resource = JSON.stringify(statement.Resource);
      const kind = resource.includes("Logs")
        ? "own log group"
        : resource.includes("DataTable")
          ? "table"
          : resource.includes("FilesBucket")
            ? `bucket objects ${resource.match(/"(\/[^"]*)"/)?.[1]}`
            : resource;
      return ([] as string[]).concat(statement.Action as string).map((action) => `${action} on ${kind}`);
    }),
  );
  const variables = (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
  return { environment: Object.keys(variables).sort(), grants, managed: role.Properties.ManagedPolicyArns };
}

describe("a custom route in the stack", () => {
  const template = checkedTemplate(app);

  it("is routed behind the JWT authorizer with no scope (the owner is checked in the function)", () => {
    const [route] = Object.values(resourcesOf(template, "AWS::ApiGatewayV2::Route")).filter(
      (resource) => resource.Properties.RouteKey === increment.routeKey,
    );
    expect(route?.Properties).toMatchObject({ AuthorizationType: "JWT" });
    expect(route?.Properties.AuthorizationScopes).toBeUndefined();
  });

  it("runs with a role allowing exactly its declared UpdateItem on the table, and the table's name only", () => {
    expect(deployed(template, app, "counters-increment")).toEqual({
      environment: ["PORTICO_TABLE_NAME", "POWERTOOLS_SERVICE_NAME"],
      grants: [
        "logs:CreateLogStream on own log group",
        "logs:PutLogEvents on own log group",
        "dynamodb:UpdateItem on table",
      ],
      managed: undefined,
    });
  });

  describe("with files permissions", () => {
    let dir: string | undefined;
    afterAll(async () => {
      if (dir !== undefined) await rm(dir, { recursive: true, force: true });
    });

    it("grants its S3 actions on the bucket's objects only, with the bucket's name and no table", async () => {
      const exporter = defineRoute({
        routeKey: "GET /exports/{name}",
        function: "exports-get",
        access: "admin",
        summary: "Read an export",
        permissions: { files: ["s3:GetObject", "s3:PutObject"] },
      });
      const withFiles = defineApp({
        name: "custom-files",
        api: { stage: "v1" },
        auth: { audience: ["custom-files"], adminScope: "files/admin" },
        entities: [],
        routes: [exporter],
        deploy: { stages: { dev: {} } },
      });
      // Under the project (NodejsFunction wants entries there), in its ignored local-state folder.
      await mkdir(join(projectRoot, ".portico"), { recursive: true });
      dir = await mkdtemp(join(projectRoot, ".portico", "custom-files-"));
      await mkdir(join(dir, "functions"));
      for (const fn of describeApp(withFiles).functions) await writeFile(join(dir, fn.entry), "export {};\n");
      expect(deployed(checkedTemplate(withFiles, dir), withFiles, "exports-get")).toEqual({
        environment: ["PORTICO_BUCKET_NAME", "POWERTOOLS_SERVICE_NAME"],
        grants: [
          "logs:CreateLogStream on own log group",
          "logs:PutLogEvents on own log group",
          "s3:GetObject on bucket objects /*",
          "s3:PutObject on bucket objects /*",
        ],
        managed: undefined,
      });
    });
  });
});
