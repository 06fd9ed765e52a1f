/**
 * Parity: what the synthesized stack would deploy equals what the local twin serves — routes (file
 * routes included), authorizer scopes, CORS, throttling, the functions themselves (the file recorder
 * included, which neither home serves over HTTP), each one's environment names, memory and timeout.
 * Both are derived from `describeApp`; a change made to one and not the other fails here.
 */
import { deployedFunctionName, deployedOrigins, stackName } from "portico/infra";
import { describeApp, localEnvNames } from "portico/model";
import { describe, expect, it } from "vitest";
import { app } from "../../app/portico.config.js";
import { localGatewayPlan } from "../../src/local/dev/gateway-plan.js";
import { startS3 } from "../../src/local/services/s3/index.js";
import { appDir, resourcesOf, type TemplateResource, templateOf } from "../infra/template.js";

const description = describeApp(app);
const local = localGatewayPlan(description, appDir, {
  tableName: description.table.name,
  cursorSecret: "parity-cursor-secret-0123456789abcdef",
  dynamodbEndpoint: "http://127.0.0.1:8000",
  accessKeyId: "PARITYKEY",
  bucketName: description.bucket.name,
  s3Endpoint: "http://127.0.0.1:4569",
  s3Credentials: { accessKeyId: "PARITYS3KEY", secretAccessKey: "parity-s3-secret" },
});
const localOnly = new Set<string>(Object.values(localEnvNames));

describe.each(Object.keys(description.deploy.stages))("stage %s: the stack and the local twin", (stage) => {
  const template = templateOf(stage);
  const functions = resourcesOf(template, "AWS::Lambda::Function");
  const integrations = resourcesOf(template, "AWS::ApiGatewayV2::Integration");
  const deployed = Object.values(resourcesOf(template, "AWS::ApiGatewayV2::Route")).map((route) => {
    const target = JSON.stringify(route.Properties.Target);
    const integration = Object.entries(integrations).find(([id]) =>
      target.includes(id),
    )?.[1] as TemplateResource;
    const functionId = JSON.stringify(integration.Properties.IntegrationUri).match(
      /"Fn::GetAtt":\["([^"]+)"/,
    )?.[1];
    return {
      routeKey: route.Properties.RouteKey as string,
      function: (functions[functionId as string] as TemplateResource).Properties.FunctionName as string,
      authorized: route.Properties.AuthorizationType === "JWT",
      scopes: (route.Properties.AuthorizationScopes as string[] | undefined) ?? [],
    };
  });
  const deployedFunction = (name: string) =>
    Object.values(functions).find(
      (fn) => fn.Properties.FunctionName === deployedFunctionName(description, stage, { name }),
    ) as TemplateResource;

  it("serve the same routes, each by the same function, behind the same authorizer and scopes", () => {
    const byKey = (left: { routeKey: string }, right: { routeKey: string }) =>
      left.routeKey.localeCompare(right.routeKey);
    expect(
      deployed
        .map(({ routeKey, function: fn, authorized, scopes }) => ({
          routeKey,
          function: fn,
          authorized,
          scopes,
        }))
        .sort(byKey),
    ).toEqual(
      local.routes
        .map(({ routeKey, functionName, authorized, scopes }) => ({
          routeKey,
          function: deployedFunctionName(description, stage, { name: functionName }),
          authorized,
          scopes: [...scopes],
        }))
        .sort(byKey),
    );
  });

  it("run the same functions, the file recorder included", () => {
    const deployedNames = Object.values(functions)
      .map((fn) => fn.Properties.FunctionName)
      .filter((name) => typeof name === "string" && name.startsWith(`${stackName(description, stage)}-`))
      .sort();
    expect(deployedNames).toEqual(
      local.functions.map((fn) => deployedFunctionName(description, stage, { name: fn.name })).sort(),
    );
    expect(local.functions.map((fn) => fn.name)).toContain("files-record");
  });

  it("serve the file routes, and the file recorder on no route, in both homes", () => {
    const fileRoutes = description.routes
      .filter((route) => route.kind === "file")
      .map((route) => route.routeKey);
    expect(fileRoutes).toHaveLength(4);
    for (const routeKey of fileRoutes) {
      expect(local.routes.map((route) => route.routeKey)).toContain(routeKey);
      expect(deployed.map((route) => route.routeKey)).toContain(routeKey);
    }
    const recorders = description.functions.filter((fn) => fn.trigger.kind === "s3").map((fn) => fn.name);
    expect(recorders).toEqual(["files-record"]);
    for (const name of recorders) {
      expect(local.routes.map((route) => route.functionName)).not.toContain(name);
      expect(deployed.map((route) => route.function)).not.toContain(
        deployedFunctionName(description, stage, { name }),
      );
    }
  });

  it("answer CORS with the same methods, headers, max age and credentials; each from its own origins", () => {
    const [api] = Object.values(resourcesOf(template, "AWS::ApiGatewayV2::Api")) as [TemplateResource];
    const cors = api.Properties.CorsConfiguration as Record<string, unknown>;
    expect(local.cors).toBeDefined();
    const { allowOrigins, ...shared } = local.cors as NonNullable<typeof local.cors>;
    expect(cors).toEqual({
      AllowMethods: shared.allowMethods,
      AllowHeaders: shared.allowHeaders,
      ExposeHeaders: shared.exposeHeaders,
      MaxAge: shared.maxAge,
      AllowCredentials: shared.allowCredentials,
      AllowOrigins: deployedOrigins(description, stage),
    });
    expect(allowOrigins).toEqual(description.cors?.localOrigins);
  });

  it("answer the files bucket's CORS with the same rules, methods, headers and max age; each from its own origins", async () => {
    const buckets = Object.values(resourcesOf(template, "AWS::S3::Bucket")).filter(
      (bucket) => bucket.Properties.CorsConfiguration !== undefined,
    );
    expect(buckets).toHaveLength(1);
    const [bucket] = buckets as [TemplateResource];
    const rules = (bucket.Properties.CorsConfiguration as { CorsRules: Record<string, unknown>[] }).CorsRules;
    expect(rules.map((rule) => rule.AllowedOrigins)).toEqual([deployedOrigins(description, stage), ["*"]]);
    const s3 = await startS3({ buckets: [description.bucket.name], inMemory: true });
    try {
      // A local dev origin meets the configured rule; `null` (a redirect's origin) only the one for any.
      for (const [rule, origin] of [
        [rules[0], "http://localhost:5173"],
        [rules[1], "null"],
      ] as const) {
        const [method] = (rule?.AllowedMethods ?? []) as [string];
        const preflight = await fetch(`${s3.endpoint}/${description.bucket.name}`, {
          method: "OPTIONS",
          headers: { origin, "access-control-request-method": method },
        });
        expect(preflight.status).toBe(200);
        expect({
          AllowedOrigins: origin === "null" ? ["*"] : deployedOrigins(description, stage),
          AllowedMethods: preflight.headers.get("access-control-allow-methods")?.split(", "),
          ExposedHeaders: preflight.headers.get("access-control-expose-headers")?.split(", "),
          MaxAge: Number(preflight.headers.get("access-control-max-age")),
        }).toEqual(rule);
        expect(preflight.headers.get("access-control-allow-origin")).toBe(origin === "null" ? "*" : origin);
      }
      // Neither allows a request header: a form POST and a GET are never preflighted for one.
      for (const rule of rules) expect(rule.AllowedHeaders).toBeUndefined();
      const withHeader = await fetch(`${s3.endpoint}/${description.bucket.name}`, {
        method: "OPTIONS",
        headers: {
          origin: "http://localhost:5173",
          "access-control-request-method": "POST",
          "access-control-request-headers": "x-custom",
        },
      });
      expect(withHeader.status).toBe(403);
    } finally {
      await s3.stop();
    }
  });

  it("throttle at the same rate and burst", () => {
    const [apiStage] = Object.values(resourcesOf(template, "AWS::ApiGatewayV2::Stage")) as [TemplateResource];
    const settings = apiStage.Properties.DefaultRouteSettings as Record<string, number>;
    expect({ rateLimit: settings.ThrottlingRateLimit, burstLimit: settings.ThrottlingBurstLimit }).toEqual(
      local.throttling,
    );
    expect(apiStage.Properties.StageName).toBe(local.stage);
  });

  it.each(local.functions.map((fn) => [fn.name, fn] as const))(
    "give %s the same memory, timeout and environment names (local-only values aside)",
    (name, fn) => {
      const properties = deployedFunction(name).Properties;
      expect(properties.MemorySize).toBe(fn.memoryMb);
      expect(properties.Timeout).toBe(fn.timeoutMs / 1000);
      const deployedNames = Object.keys(
        (properties.Environment as { Variables: Record<string, unknown> }).Variables,
      );
      const porticoNames = (names: string[]) =>
        names.filter((key) => /^(PORTICO|POWERTOOLS_SERVICE)_/.test(key)).sort();
      expect(porticoNames(deployedNames)).toEqual(
        porticoNames(Object.keys(fn.environment).filter((key) => !localOnly.has(key))),
      );
    },
  );
});
