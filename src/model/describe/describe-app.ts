/**
 * `describeApp(app)`: the whole app as plain, JSON-serializable data: every route (a tagged
 * union), every function, the table, the bucket, CORS, throttling and auth. The local gateway,
 * `portico invoke`, the OpenAPI document and (next) the CDK stack read this, so each fact is
 * derived once from the definition (DESIGN.md, One definition, two homes).
 */
import type { App } from "../define-app.js";
import type { Operation } from "../define-entity.js";
import type { DeployConfig } from "../deploy-options.js";
import { fileKeyPattern, fileKeyTemplate, fileSlotsOf, maxFilesOf } from "../files.js";
import type { AppOperation, FileOperation, RouteFacts as ModelRouteFacts, Route } from "../routes.js";
import { describeFunction, describeRecorder, type FunctionDescription } from "./functions.js";
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

/** A route on one file slot of an entity's item; `entity` is the entity's name. */
export type FileRouteDescription = RouteFacts & {
  readonly kind: "file";
  readonly entity: string;
  readonly operation: FileOperation;
  readonly slot: string;
};

/**
 * A route served by the app's own handler module (`defineRoute`): what the OpenAPI document says of
 * it, whose id the path parameter `owner` holds, and whether it reads a JSON body.
 */
export type CustomRouteDescription = RouteFacts & {
  readonly kind: "custom";
  readonly operation: "custom";
  readonly summary: string;
  readonly description?: string;
  /** The path parameter holding the owner's id, for `owner` and `ownerOrAdmin` access. */
  readonly owner?: string;
  /** Whether the adapter reads and checks a JSON body (its schema is the definition's). */
  readonly body: boolean;
};

/** Tagged by `kind`. */
export type RouteDescription =
  | EntityRouteDescription
  | FileRouteDescription
  | AppRouteDescription
  | CustomRouteDescription;

/** One file slot: what an upload may be, and where its objects live. */
export interface FileSlotDescription {
  readonly entity: string;
  readonly slot: string;
  readonly multiple: boolean;
  readonly maxFiles: number;
  readonly contentTypes: readonly string[];
  readonly maxBytes: number;
  /** `accounts/{accountId}/picture/{fileId}` */
  readonly key: string;
  /** The same keys as an S3 resource pattern: `accounts/*\/picture/*`. */
  readonly objects: string;
}

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
  /** Every file slot of every entity. */
  readonly files: readonly FileSlotDescription[];
  /** `GET /health` first, then each entity's routes and its file routes, then the custom routes. */
  readonly routes: readonly RouteDescription[];
  /** One per route, in the same order, then the file recorder when there are file slots. */
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
  switch (route.kind) {
    case "app":
      return { kind: "app", ...facts, operation: route.operation };
    case "entity":
      return { kind: "entity", ...facts, entity: route.entity.name, operation: route.operation };
    case "file":
      return {
        kind: "file",
        ...facts,
        entity: route.entity.name,
        operation: route.operation,
        slot: route.slot,
      };
    case "custom": {
      const { summary, description, owner, body } = route.custom;
      return {
        kind: "custom",
        ...facts,
        operation: "custom",
        summary,
        ...(description === undefined ? {} : { description }),
        ...(owner === undefined ? {} : { owner }),
        body: body !== undefined,
      };
    }
  }
}

function describeFiles(app: App): FileSlotDescription[] {
  return fileSlotsOf(app.entities).map(({ entity, name, slot }) => ({
    entity: entity.name,
    slot: name,
    multiple: slot.multiple,
    maxFiles: maxFilesOf(slot),
    contentTypes: slot.contentTypes,
    maxBytes: slot.maxBytes,
    key: fileKeyTemplate(entity, name),
    objects: fileKeyPattern(entity, name),
  }));
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
    files: describeFiles(app),
    routes: app.routes.map(describeRoute),
    functions: [
      ...app.routes.map((route) => describeFunction(app, route)),
      ...[describeRecorder(app)].filter((fn) => fn !== undefined),
    ],
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
