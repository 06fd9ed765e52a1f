/**
 * OWASP API9:2023, improper inventory management: no shadow and no zombie routes. Every route the
 * synthesized stack deploys is in the OpenAPI document (`openApiDocument`, what `openapi.json`
 * publishes) with the same authorization, and every operation there is deployed; nothing is caught
 * by a greedy or `$default` route. The local stack serves exactly those routes (every other method
 * on a documented path is the gateway's 404), and its own endpoints are the `/_local` ones API.md
 * names, never deployed or documented.
 */
import { describe, expect, it } from "vitest";
import { app } from "../../app/portico.config.js";
import { openApiDocument } from "../../src/openapi/index.js";
import { localPrefix } from "../../src/runtime/index.js";
import { useLocalStack } from "../files/local-stack.js";
import { resourcesOf, templateOf } from "../infra/template.js";
import { expectGatewayError } from "../support/problems.js";
import { replyOf, send } from "./support.js";

const stack = useLocalStack();
const stage = "prod";
const deployed = Object.values(resourcesOf(templateOf(stage), "AWS::ApiGatewayV2::Route")).map((route) => ({
  routeKey: route.Properties.RouteKey as string,
  scopes:
    route.Properties.AuthorizationType === "JWT"
      ? ((route.Properties.AuthorizationScopes as string[]) ?? [])
      : null,
}));

const httpMethods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;
type Operation = { security?: Record<string, string[]>[] };
const document = openApiDocument(app);
const documented = Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
  httpMethods
    .filter((method) => (item as Record<string, unknown>)[method] !== undefined)
    .map((method) => {
      const operation = (item as Record<string, Operation>)[method] as Operation;
      const security = operation.security ?? document.security ?? [];
      return {
        routeKey: `${method.toUpperCase()} ${path}`,
        scopes:
          security.length === 0 ? null : security.flatMap((requirement) => Object.values(requirement).flat()),
      };
    }),
);
const byKey = (left: { routeKey: string }, right: { routeKey: string }) =>
  left.routeKey.localeCompare(right.routeKey);

describe("API9 inventory", () => {
  it("documents every deployed route with its authorization, and deploys every documented one", () => {
    expect(deployed.length).toBeGreaterThan(10);
    expect([...documented].sort(byKey)).toEqual([...deployed].sort(byKey));
  });

  it("deploys no catch-all: no $default, ANY or greedy route, and nothing under /_local", () => {
    for (const { routeKey } of deployed) {
      expect(routeKey).not.toBe("$default");
      expect(routeKey).not.toMatch(/^ANY |\+\}|^\S+ \/_local/);
    }
    expect(Object.keys(document.paths ?? {}).filter((path) => path.startsWith(localPrefix))).toEqual([]);
  });

  it("serves locally every documented operation, and on its paths no other method", async () => {
    const filled = (path: string) => path.replace("{userId}", "someone").replace("{todoId}", "0");
    const keys = new Set(documented.map(({ routeKey }) => routeKey));
    for (const path of new Set(documented.map(({ routeKey }) => routeKey.split(" ")[1] as string))) {
      for (const method of ["GET", "PUT", "POST", "PATCH", "DELETE"]) {
        const reply = await send(stack(), filled(path), { method });
        const routeKey = `${method} ${path}`;
        if (!keys.has(routeKey)) expectGatewayError(reply, 404, "Not Found");
        else if (routeKey === "GET /health") expect(reply.status).toBe(200);
        else expectGatewayError(reply, 401, "Unauthorized");
      }
    }
  });

  it("answers under /_local only the endpoints API.md names", async () => {
    const { url } = stack().server;
    const named = [
      ["GET", `${localPrefix}/.well-known/openid-configuration`, 200],
      ["GET", `${localPrefix}/.well-known/jwks.json`, 200],
    ] as const;
    for (const [method, path, status] of named) {
      expect((await fetch(`${url}${path}`, { method })).status, path).toBe(status);
    }
    for (const path of [
      `${localPrefix}/admin`,
      `${localPrefix}/keys`,
      `${localPrefix}/.well-known/keys`,
      `${localPrefix}/token/x`,
    ]) {
      const reply = await replyOf(await fetch(`${url}${path}`));
      expect([404, 405], path).toContain(reply.status);
    }
    // The stage's own prefix serves nothing of the local endpoints.
    expectGatewayError(await send(stack(), `${localPrefix}/.well-known/jwks.json`), 404, "Not Found");
  });
});
