/**
 * `describeApp(app)`: the whole app as plain, JSON-serializable data: every route (a tagged
 * union), every function, the table, the bucket, CORS, throttling and auth. The local gateway,
 * `portico invoke`, the OpenAPI document and (next) the CDK stack read this, so each fact is
 * derived once from the definition (DESIGN.md, One definition, two homes).
 */
import type { App } from "../define-app.js";
import type { Operation } from "../define-entity.js";
import type { DeployConfig } from "../deploy-options.js";
import type { AppOperation, RouteFacts as ModelRouteFacts, Route } from "../routes.js";
import { describeFunction, type FunctionDescription } from "./functions.js";
import { type RequestMetrics, requestMetrics } from "./metrics.js";
import { type BucketDescription, describeBucket, describeTable, type TableDescription } from "./table.js";

/** A route's facts, with the name of the function that serves it. */
type RouteFacts = Omit<ModelRouteFacts, "functionName"> & { readonly function: string };

/** A route that runs one of an entity's operations; `entity` is the entity's name. */
export type EntityRouteDescription = RouteFacts & {
  readonly kind: "entity";
  readonly entity: string;
  readonly operation: Operation;
};

/** A route of the app itself (`GET /health`), about no entity. */
export type AppRouteDescription = RouteFacts & { readonly kind: "app"; readonly operation: AppOperation };

/** Tagged by `kind`; file routes and custom routes will be kinds of their own. */
export type RouteDescription = EntityRouteDescription | AppRouteDescription;

export interface AppDescription {
  readonly name: string;
  readonly stage: string;
  readonly auth: {
    /** Absent: a Cognito user pool made by the stack (locally, the local issuer). */
    readonly issuer?: string;
    readonly audience: readonly string[];
    readonly adminScope: string;
  };
  /** `allowOrigins` are the deployed stages' (unless a stage lists its own); `localOrigins` the local twin's. */
  readonly cors?: App["api"]["cors"];
  readonly throttling?: { readonly rateLimit: number; readonly burstLimit: number };
  readonly table: TableDescription;
  readonly bucket: BucketDescription;
  /** `GET /health` first, then each entity's routes. */
  readonly routes: readonly RouteDescription[];
  /** One per route, in the same order. */
  readonly functions: readonly FunctionDescription[];
  /** What each function reports per request, under `service` = `<app>-<stage>`. */
  readonly metrics: RequestMetrics;
  /** The deployed stages and what they share (tracing, log retention, the CI role). */
  readonly deploy: DeployConfig;
}

function describeRoute(route: Route): RouteDescription {
  const facts: RouteFacts = {
    routeKey: route.routeKey,
    method: route.method,
    path: route.path,
    access: route.access,
    authorized: route.authorized,
    scopes: route.scopes,
    function: route.functionName,
  };
  return route.kind === "app"
    ? { kind: "app", ...facts, operation: route.operation }
    : { kind: "entity", ...facts, entity: route.entity.name, operation: route.operation };
}

export function describeApp(app: App): AppDescription {
  const { cors, throttling, stage } = app.api;
  return {
    name: app.name,
    stage,
    auth: {
      ...(app.auth.issuer === undefined ? {} : { issuer: app.auth.issuer }),
      audience: app.auth.audience,
      adminScope: app.auth.adminScope,
    },
    ...(cors === undefined ? {} : { cors }),
    ...(throttling === undefined ? {} : { throttling }),
    table: describeTable(app),
    bucket: describeBucket(app),
    routes: app.routes.map(describeRoute),
    functions: app.routes.map((route) => describeFunction(app, route)),
    metrics: requestMetrics,
    deploy: app.deploy,
  };
}

/** The function with this name; throws with the known names when there is none. */
export function describedFunction(description: AppDescription, name: string): FunctionDescription {
  const found = description.functions.find((fn) => fn.name === name);
  if (found === undefined) {
    throw new TypeError(
      `No function "${name}" in app "${description.name}"; functions: ${description.functions.map((fn) => fn.name).join(", ")}.`,
    );
  }
  return found;
}
