/**
 * The OpenAPI 3.1 document of an app: every route of `describeApp(app)` (by its kind, operation,
 * access and scopes) with its parameters, bodies (the entity's own JSON Schemas), every status it
 * can answer (from the function or from the gateway in front of it) and the security the gateway
 * enforces. Nothing here names an entity: the example app's document is one output among others.
 * The parts are built by the modules beside this one; problem texts and limits are the runtime's.
 */
import {
  type AnyEntity,
  type App,
  describeApp,
  type FileSlotDescription,
  type RouteDescription,
} from "../model/index.js";
import { localOrigin, localTokenPath } from "../runtime/index.js";
import { customOperation, customSchemas } from "./custom-operations.js";
import { fileOperation, fileSchemas } from "./file-operations.js";
import { headerComponents } from "./headers.js";
import { methodKey, securityScheme } from "./names.js";
import { appOperation, entityOperation } from "./operations.js";
import { gatewayResponses } from "./responses.js";
import { commonSchemas, entitySchemas } from "./schemas.js";
import type {
  OpenApiDocument,
  OpenApiOptions,
  OperationObject,
  PathItemObject,
  SchemaObject,
  SecuritySchemeObject,
  ServerObject,
} from "./types.js";

export { operationIdOf } from "./names.js";
export type {
  ComponentsObject,
  ExampleObject,
  HeaderObject,
  MediaTypeObject,
  OpenApiDocument,
  OpenApiOptions,
  OperationObject,
  ParameterObject,
  PathItemMethod,
  PathItemObject,
  ReferenceObject,
  RequestBodyObject,
  ResponseObject,
  SchemaObject,
  SecurityRequirementObject,
  SecuritySchemeObject,
  ServerObject,
  TagObject,
} from "./types.js";

/** Where "Try it out" sends requests by default: the local dev server. */

function securitySchemeOf(app: App): SecuritySchemeObject {
  const issuer = app.auth.issuer ?? "the Cognito user pool the stack creates";
  return {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description:
      `A JWT from ${issuer}, for audience ${app.auth.audience.map((a) => `\`${a}\``).join(" or ")}. ` +
      "Locally, get one with `npx portico token --sub alice` (add `--scope " +
      `${app.auth.adminScope}\` for admin routes) or \`POST ${localTokenPath}\`. ` +
      "Scopes listed on an operation are the ones the gateway requires (any one of them).",
  };
}

function serversOf(app: App, options: OpenApiOptions): ServerObject[] {
  if (options.serverUrl !== undefined) return [{ url: options.serverUrl, description: "The API" }];
  return [
    { url: `${localOrigin()}/${app.api.stage}`, description: "The local dev server (`npm start`)" },
    {
      url: `https://{apiId}.execute-api.{region}.amazonaws.com/${app.api.stage}`,
      description: "The deployed HTTP API (or a custom domain mapped to this stage)",
      variables: {
        apiId: { default: "api-id", description: "The HTTP API's id, from the stack's outputs" },
        region: { default: "us-east-1", description: "The AWS region of the stack" },
      },
    },
  ];
}

/** The entity a route description names (its schemas, keys and parents are the model's). */
function entityNamed(app: App, name: string): AnyEntity {
  const entity = app.entities.find((candidate) => candidate.name === name);
  if (entity === undefined) throw new TypeError(`No entity "${name}" in app "${app.name}".`);
  return entity;
}

function operationOf(
  app: App,
  route: RouteDescription,
  files: readonly FileSlotDescription[],
): OperationObject {
  switch (route.kind) {
    case "app":
      return appOperation(route);
    case "entity":
      return entityOperation(app, route, entityNamed(app, route.entity));
    case "file": {
      const slot = files.find((file) => file.entity === route.entity && file.slot === route.slot);
      if (slot === undefined)
        throw new TypeError(`No file slot "${route.slot}" of entity "${route.entity}".`);
      return fileOperation(app, route, entityNamed(app, route.entity), slot);
    }
    case "custom":
      return customOperation(app, route);
  }
}

/** The OpenAPI 3.1 document of an app: `openApiDocument(app).paths["/health"]?.get`. */
export function openApiDocument(app: App, options: OpenApiOptions = {}): OpenApiDocument {
  const { routes, files } = describeApp(app);
  const paths: Record<string, PathItemObject> = {};
  for (const route of routes) {
    paths[route.path] = { ...paths[route.path], [methodKey(route)]: operationOf(app, route, files) };
  }
  const schemas: Record<string, SchemaObject> = {
    ...commonSchemas,
    ...(files.length > 0 ? fileSchemas : {}),
  };
  for (const entity of app.entities) {
    for (const [name, schema] of entitySchemas(entity)) {
      if (Object.hasOwn(schemas, name)) {
        throw new TypeError(`Two OpenAPI schemas would be named "${name}"; rename entity "${entity.name}".`);
      }
      schemas[name] = schema;
    }
  }
  for (const route of routes) {
    if (route.kind !== "custom") continue;
    for (const [name, schema] of customSchemas(app, route)) {
      if (Object.hasOwn(schemas, name)) {
        throw new TypeError(
          `Two OpenAPI schemas would be named "${name}"; rename function "${route.function}".`,
        );
      }
      schemas[name] = schema;
    }
  }
  const hasAppRoutes = routes.some((route) => route.kind === "app");
  const hasCustomRoutes = routes.some((route) => route.kind === "custom");
  return {
    openapi: "3.1.0",
    info: {
      title: app.name,
      version: options.version ?? app.api.stage,
      description:
        "JSON in and out. Function errors are RFC 9457 problem details (`application/problem+json`); " +
        'the gateway\'s own errors are `{"message"}`. Every read and write returns an `ETag`; ' +
        "`If-Match` makes writes conditional.",
    },
    servers: serversOf(app, options),
    tags: [
      ...(hasAppRoutes ? [{ name: "health", description: "Whether the API is up" }] : []),
      ...app.entities.map((entity) => ({
        name: entity.collection,
        description:
          `${entity.title}s` +
          (entity.parent === undefined ? "" : `, under their ${entity.parent.name}`) +
          (entity.idSource === "subject" ? ", one per token `sub`" : ""),
      })),
      ...(hasCustomRoutes ? [{ name: "custom", description: "The app's own routes" }] : []),
    ],
    paths,
    components: {
      schemas,
      responses: gatewayResponses,
      headers: headerComponents,
      securitySchemes: { [securityScheme]: securitySchemeOf(app) },
    },
    security: [{ [securityScheme]: [] }],
  };
}

/** The document as pretty JSON with a trailing newline, ready to write to `openapi.json`. */
export function openApiJson(app: App, options: OpenApiOptions = {}): string {
  return `${JSON.stringify(openApiDocument(app, options), null, 2)}\n`;
}
