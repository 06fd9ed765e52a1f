/**
 * The OpenAPI 3.1 document of an app, derived from its model alone: every route of the route
 * table with its parameters, bodies (the entity's own JSON Schemas), every status it can answer
 * (from the function or from the gateway in front of it) and the security the gateway enforces.
 * Nothing here names an entity: the example app's document is one output among others.
 */
import { type AnyEntity, type App, jsonSchemas, type Operation, type Route } from "../model/index.js";
import {
  BadRequestProblem,
  type ConditionalHeader,
  ConflictProblem,
  defaultPageSize,
  entityTagPattern,
  etagOf,
  ForbiddenProblem,
  type HttpProblem,
  InternalProblem,
  idempotencyTtlSeconds,
  maxEntityTags,
  maxIdempotencyKeyLength,
  maxPageSize,
  maxRequestBytes,
  megabytes,
  NotFoundProblem,
  PreconditionFailedProblem,
  type ProblemDetails,
  ServiceUnavailableProblem,
  selfAlias,
  tooManyEntityTags,
  UnprocessableContentProblem,
  ValidationProblem,
} from "../runtime/index.js";

// ---------------------------------------------------------------------------------------------
// The parts of OpenAPI 3.1 this generator writes.

/** A JSON Schema (draft 2020-12) object, as OpenAPI 3.1 embeds it. */
export type SchemaObject = { readonly [keyword: string]: unknown };

export interface ReferenceObject {
  readonly $ref: string;
}

export interface ExampleObject {
  readonly summary?: string;
  readonly value: unknown;
}

export interface MediaTypeObject {
  readonly schema: SchemaObject | ReferenceObject;
  readonly examples?: Readonly<Record<string, ExampleObject>>;
}

export interface HeaderObject {
  readonly description: string;
  readonly required?: boolean;
  readonly schema: SchemaObject;
}

export interface ParameterObject {
  readonly name: string;
  readonly in: "path" | "query" | "header";
  readonly description: string;
  readonly required: boolean;
  readonly schema: SchemaObject;
  readonly examples?: Readonly<Record<string, ExampleObject>>;
}

export interface RequestBodyObject {
  readonly description: string;
  readonly required: boolean;
  readonly content: Readonly<Record<string, MediaTypeObject>>;
}

export interface ResponseObject {
  readonly description: string;
  readonly headers?: Readonly<Record<string, HeaderObject | ReferenceObject>>;
  readonly content?: Readonly<Record<string, MediaTypeObject>>;
}

/** Scheme name → scopes (for a bearer scheme, OpenAPI 3.1 calls them "role names"). */
export type SecurityRequirementObject = Readonly<Record<string, readonly string[]>>;

export interface OperationObject {
  readonly operationId: string;
  readonly summary: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly parameters?: readonly ParameterObject[];
  readonly requestBody?: RequestBodyObject;
  readonly responses: Readonly<Record<string, ResponseObject | ReferenceObject>>;
  readonly security: readonly SecurityRequirementObject[];
}

export type PathItemMethod = "get" | "post" | "put" | "patch" | "delete";

export type PathItemObject = Partial<Record<PathItemMethod, OperationObject>>;

export type SecuritySchemeObject =
  | {
      readonly type: "http";
      readonly scheme: "bearer";
      readonly bearerFormat: "JWT";
      readonly description: string;
    }
  | { readonly type: "openIdConnect"; readonly openIdConnectUrl: string; readonly description: string };

export interface ServerObject {
  readonly url: string;
  readonly description: string;
  readonly variables?: Readonly<
    Record<string, { readonly default: string; readonly description: string; readonly enum?: string[] }>
  >;
}

export interface TagObject {
  readonly name: string;
  readonly description: string;
}

export interface ComponentsObject {
  readonly schemas: Readonly<Record<string, SchemaObject>>;
  readonly responses: Readonly<Record<string, ResponseObject>>;
  readonly headers: Readonly<Record<string, HeaderObject>>;
  readonly securitySchemes: Readonly<Record<string, SecuritySchemeObject>>;
}

export interface OpenApiDocument {
  readonly openapi: "3.1.0";
  readonly info: { readonly title: string; readonly version: string; readonly description: string };
  readonly servers: readonly ServerObject[];
  readonly tags: readonly TagObject[];
  readonly paths: Readonly<Record<string, PathItemObject>>;
  readonly components: ComponentsObject;
  readonly security: readonly SecurityRequirementObject[];
}

export interface OpenApiOptions {
  /** Where "Try it out" sends requests. @default "http://127.0.0.1:3000/v1" (the local dev server), plus the AWS endpoint template */
  readonly serverUrl?: string;
  /** The document's `info.version`. @default - the app's stage, e.g. `"v1"` */
  readonly version?: string;
}

// ---------------------------------------------------------------------------------------------
// Shared names.

const defaultServerUrl = "http://127.0.0.1:3000/v1";
const securityScheme = "bearerAuth";
const json = "application/json";
const problemJson = "application/problem+json";
const mergePatchJson = "application/merge-patch+json";
/** API Gateway's payload limit for an HTTP API request (API.md: 413 over 10 MB). */
const maxPayload = megabytes(maxRequestBytes);

const ref = (section: "schemas" | "responses" | "headers", name: string): ReferenceObject => ({
  $ref: `#/components/${section}/${name}`,
});

const schemaNames = {
  problem: "Problem",
  validationProblem: "ValidationProblem",
  gatewayError: "GatewayError",
  health: "Health",
  item: (entity: AnyEntity) => entity.title,
  page: (entity: AnyEntity) => `${entity.title}Page`,
  body: (entity: AnyEntity, kind: "create" | "replace" | "patch") =>
    `${entity.title}${kind.charAt(0).toUpperCase()}${kind.slice(1)}`,
};

const methodKey = (route: Route) => route.method.toLowerCase() as PathItemMethod;

/** `"users-create"` → `"usersCreate"`: a valid identifier for generated clients. */
export function operationIdOf(route: Route): string {
  return route.functionName.replace(/[-_]+([a-zA-Z0-9])/g, (_, next: string) => next.toUpperCase());
}

// ---------------------------------------------------------------------------------------------
// Embedding the model's JSON Schemas as components.

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Rewrites `$ref`s that point inside a standalone schema so they point into `components/schemas`. */
function rewriteRefs(value: unknown, rewrite: (target: string) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => rewriteRefs(item, rewrite));
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      key === "$ref" && typeof inner === "string" ? rewrite(inner) : rewriteRefs(inner, rewrite),
    ]),
  );
}

/**
 * A standalone JSON Schema as one or more components: `$schema` goes (OpenAPI 3.1's default
 * dialect, which the document keeps by declaring none, extends JSON Schema 2020-12: Swagger UI
 * refuses any other `jsonSchemaDialect`), and `$defs` become sibling components, because a `#/$defs/…`
 * reference inside a component would resolve against the OpenAPI document, not the schema.
 */
function embedSchema(name: string, schema: unknown): [string, SchemaObject][] {
  if (!isRecord(schema)) throw new TypeError(`The JSON Schema for ${name} is not an object.`);
  const { $schema: _dialect, $defs, ...rest } = schema;
  const defs = isRecord($defs) ? $defs : {};
  const defName = (def: string) => `${name}_${def.replace(/[^A-Za-z0-9._-]/g, "_")}`;
  const rewrite = (target: string) => {
    if (target === "#") return ref("schemas", name).$ref;
    const match = /^#\/\$defs\/([^/]+)$/.exec(target);
    return match?.[1] === undefined ? target : ref("schemas", defName(decodeURIComponent(match[1]))).$ref;
  };
  return [
    [name, rewriteRefs(rest, rewrite) as SchemaObject],
    ...Object.entries(defs).map(([def, inner]): [string, SchemaObject] => [
      defName(def),
      rewriteRefs(inner, rewrite) as SchemaObject,
    ]),
  ];
}

function withProperties(
  schema: SchemaObject,
  change: (name: string, property: SchemaObject) => SchemaObject,
): SchemaObject {
  const properties = schema.properties;
  if (!isRecord(properties)) return schema;
  return {
    ...schema,
    properties: Object.fromEntries(
      Object.entries(properties).map(([name, property]) => [
        name,
        isRecord(property) ? change(name, property) : property,
      ]),
    ),
  };
}

/** `embedSchema`, with a description on the main component (its `$defs` keep their own). */
function embedDescribed(name: string, schema: unknown, description: string): [string, SchemaObject][] {
  return embedSchema(name, schema).map(([component, body]) => [
    component,
    component === name ? { description, ...body } : body,
  ]);
}

function entitySchemas(entity: AnyEntity): [string, SchemaObject][] {
  const schemas = jsonSchemas(entity);
  const itemName = schemaNames.item(entity);
  const readOnly = new Set(entity.readOnlyFields);
  const item = embedDescribed(
    itemName,
    schemas.item,
    `A ${entity.name} as the API returns it. Read-only: ${entity.readOnlyFields.join(", ")}.`,
  ).map(([component, body]): [string, SchemaObject] => [
    component,
    // Server-managed fields are marked so that clients and generators never send them back.
    component === itemName
      ? withProperties(body, (field, property) =>
          readOnly.has(field) ? { ...property, readOnly: true } : property,
        )
      : body,
  ]);
  const page: SchemaObject = {
    description: `A page of ${entity.collection}, newest first.`,
    type: "object",
    properties: {
      items: { type: "array", items: ref("schemas", itemName) },
      nextCursor: {
        type: ["string", "null"],
        description: "Pass it back as `cursor` for the next page; `null` on the last page.",
      },
    },
    required: ["items", "nextCursor"],
    additionalProperties: false,
  };
  const owner = entity.idSource === "subject" ? " Its id is the caller's token `sub`." : "";
  return [
    ...embedDescribed(
      schemaNames.body(entity, "create"),
      schemas.create,
      `The fields of a new ${entity.name}.${owner}`,
    ),
    ...embedDescribed(
      schemaNames.body(entity, "replace"),
      schemas.replace,
      `Every writable field of the ${entity.name}; optional fields left out are removed.`,
    ),
    ...embedDescribed(
      schemaNames.body(entity, "patch"),
      schemas.patch,
      `A JSON Merge Patch (RFC 7396) of the ${entity.name}: only the fields named change; ` +
        "`null` removes an optional field.",
    ),
    ...item,
    [schemaNames.page(entity), page],
  ];
}

const commonSchemas: Readonly<Record<string, SchemaObject>> = {
  [schemaNames.problem]: {
    description: "RFC 9457 problem details, as every function error is.",
    type: "object",
    properties: {
      type: {
        type: "string",
        format: "uri",
        description: "A stable URN naming the kind of problem: `urn:portico:problem:<slug>`.",
        examples: [new NotFoundProblem("").type],
      },
      title: { type: "string", description: "The short, fixed name of the problem type." },
      status: { type: "integer", minimum: 100, maximum: 599, description: "The HTTP status." },
      detail: { type: "string", description: "What went wrong on this request, for a person." },
    },
    required: ["type", "title", "status", "detail"],
  },
  [schemaNames.validationProblem]: {
    description: "A problem that names each offending field, query parameter or header.",
    allOf: [
      ref("schemas", schemaNames.problem),
      {
        type: "object",
        properties: {
          errors: {
            type: "array",
            minItems: 1,
            items: {
              type: "object",
              properties: {
                path: {
                  type: "string",
                  description: "A body field (`a.0.b`), a query parameter or a header name.",
                },
                message: { type: "string" },
              },
              required: ["path", "message"],
              additionalProperties: false,
            },
          },
        },
        required: ["errors"],
      },
    ],
  },
  [schemaNames.gatewayError]: {
    description: "An error from the API gateway itself, in API Gateway's own form.",
    type: "object",
    properties: { message: { type: "string" } },
    required: ["message"],
    additionalProperties: false,
  },
  [schemaNames.health]: {
    type: "object",
    properties: { status: { const: "ok" } },
    required: ["status"],
    additionalProperties: false,
  },
};

// ---------------------------------------------------------------------------------------------
// Headers and responses.

const headerNames = {
  requestId: "apigw-requestid",
  etag: "ETag",
  location: "Location",
  retryAfter: "Retry-After",
  replayed: "Idempotent-Replayed",
} as const;

/** The tag the examples show: an item at version 3. */
const exampleEtag = etagOf({ incarnation: "q3Vt0bE9xK2a", version: 3 });

const headers: Readonly<Record<string, HeaderObject>> = {
  ApigwRequestId: {
    description: "The request's id, as API Gateway sets it on every response; the function logs it too.",
    required: true,
    schema: { type: "string" },
  },
  ETag: {
    description:
      `A strong entity tag, e.g. \`${exampleEtag}\`. Opaque: it changes on every write and never ` +
      "repeats for one URL, even after a delete and a re-create.",
    required: true,
    schema: { type: "string", pattern: entityTagPattern },
  },
  Location: {
    description: "The new item's URL path, under the same stage prefix as the request.",
    required: true,
    schema: { type: "string" },
  },
  RetryAfter: {
    description: "Seconds to wait before retrying (sent with the problem, not with the gateway's error).",
    schema: { type: "integer", minimum: 0 },
  },
  IdempotentReplayed: {
    description:
      "`true` when this is the stored response to an earlier request with the same Idempotency-Key.",
    schema: { const: "true" },
  },
};

type HeaderRefs = Partial<Record<(typeof headerNames)[keyof typeof headerNames], ReferenceObject>>;

function responseHeaders(extra: HeaderRefs = {}): Record<string, ReferenceObject> {
  return { [headerNames.requestId]: ref("headers", "ApigwRequestId"), ...extra };
}

const problemExample = (problem: HttpProblem): ExampleObject => ({
  summary: problem.title,
  value: problem.toJSON() satisfies ProblemDetails,
});

function problemContent(problems: readonly HttpProblem[], schema: SchemaObject | ReferenceObject) {
  const examples: Record<string, ExampleObject> = {};
  for (const problem of problems) {
    const slug = problem.type.slice(problem.type.lastIndexOf(":") + 1);
    let key = slug;
    for (let n = 2; Object.hasOwn(examples, key); n++) key = `${slug}-${n}`;
    examples[key] = problemExample(problem);
  }
  return { [problemJson]: { schema, examples } };
}

function gatewayContent(message: string) {
  return {
    [json]: {
      schema: ref("schemas", schemaNames.gatewayError),
      examples: { gateway: { value: { message } } },
    },
  };
}

const gatewayResponses: Readonly<Record<string, ResponseObject>> = {
  Unauthorized: {
    description:
      "The gateway refused the token: missing, malformed, expired, not yet valid, wrongly signed, " +
      "or from the wrong issuer or audience. No function ran.",
    headers: {
      ...responseHeaders(),
      "WWW-Authenticate": { description: "`Bearer`", schema: { type: "string" } },
    },
    content: gatewayContent("Unauthorized"),
  },
  Forbidden: {
    description: "The gateway refused the call: the token lacks every scope the route accepts.",
    headers: responseHeaders(),
    content: gatewayContent("Forbidden"),
  },
  PayloadTooLarge: {
    description: `The request body is over ${maxPayload}; the gateway refused it.`,
    headers: responseHeaders(),
    content: gatewayContent("Request Entity Too Large"),
  },
  TooManyRequests: {
    description: "The gateway's throttling limit was reached; retry later.",
    headers: responseHeaders(),
    content: gatewayContent("Too Many Requests"),
  },
};

type Responses = Record<string, ResponseObject | ReferenceObject>;

function sortedResponses(responses: Responses): Responses {
  return Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)));
}

/** The 500 and 503 a route can give: from the gateway always, and as a problem once a store is involved. */
function failureResponses(withFunctionProblems: boolean): Responses {
  const functionFailure = withFunctionProblems
    ? problemContent([new InternalProblem(undefined)], ref("schemas", schemaNames.problem))
    : {};
  const storeBusy = withFunctionProblems
    ? problemContent([new ServiceUnavailableProblem(1, undefined)], ref("schemas", schemaNames.problem))
    : {};
  return {
    "500": {
      description: withFunctionProblems
        ? "The function failed unexpectedly (a problem naming nothing internal), or it crashed or " +
          "answered garbage (the gateway's error)."
        : "The function crashed or answered garbage.",
      headers: responseHeaders(),
      content: { ...functionFailure, ...gatewayContent("Internal Server Error") },
    },
    "503": {
      description: withFunctionProblems
        ? "The store is unreachable or throttling after retries (a problem with `Retry-After`), or " +
          "the function ran past its timeout (the gateway's error)."
        : "The function ran past its timeout.",
      headers: withFunctionProblems
        ? responseHeaders({ [headerNames.retryAfter]: ref("headers", "RetryAfter") })
        : responseHeaders(),
      content: { ...storeBusy, ...gatewayContent("Service Unavailable") },
    },
  };
}

function hasBody(operation: Route["operation"]): boolean {
  return operation === "create" || operation === "replace" || operation === "patch";
}

function problemResponse(
  description: string,
  problems: readonly HttpProblem[],
  extraHeaders: HeaderRefs = {},
): ResponseObject {
  return {
    description,
    headers: responseHeaders(extraHeaders),
    content: problemContent(problems, ref("schemas", schemaNames.problem)),
  };
}

const etagHeader = { [headerNames.etag]: ref("headers", "ETag") };

function successResponses(operation: Operation, entity: AnyEntity): Responses {
  const name = entity.name;
  const item = { [json]: { schema: ref("schemas", schemaNames.item(entity)) } };
  switch (operation) {
    case "create": {
      const replayed = entity.idempotentCreate
        ? { [headerNames.replayed]: ref("headers", "IdempotentReplayed") }
        : {};
      const location = { [headerNames.location]: ref("headers", "Location") };
      return {
        "201": {
          description: `The ${name} was created.`,
          headers: responseHeaders({ ...location, ...etagHeader, ...replayed }),
          content: item,
        },
      };
    }
    case "list":
      return {
        "200": {
          description: `A page of ${entity.collection}, newest first.`,
          headers: responseHeaders(),
          content: { [json]: { schema: ref("schemas", schemaNames.page(entity)) } },
        },
      };
    case "get":
      return {
        "200": { description: `The ${name}.`, headers: responseHeaders(etagHeader), content: item },
        "304": {
          description: "`If-None-Match` holds the current ETag: the copy the client has is current.",
          headers: responseHeaders(etagHeader),
        },
      };
    case "replace":
    case "patch":
      return {
        "200": {
          description: `The ${name} after the change.`,
          headers: responseHeaders(etagHeader),
          content: item,
        },
      };
    case "delete":
      return { "204": { description: `The ${name} is gone.`, headers: responseHeaders() } };
  }
}

/** The conditional-request header an operation honours, if any (see `headerParameters`). */
function conditionalHeaderOf(operation: Operation): ConditionalHeader | undefined {
  if (operation === "get") return "If-None-Match";
  return operation === "replace" || operation === "patch" || operation === "delete" ? "If-Match" : undefined;
}

function badRequestResponse(operation: Operation, entity: AnyEntity): ResponseObject {
  const anyProblem = {
    anyOf: [ref("schemas", schemaNames.validationProblem), ref("schemas", schemaNames.problem)],
  };
  const conditional = conditionalHeaderOf(operation);
  if (conditional !== undefined && !hasBody(operation)) {
    return {
      description: `\`${conditional}\` lists more than ${maxEntityTags} entity tags.`,
      headers: responseHeaders(),
      content: problemContent([tooManyEntityTags(conditional)], anyProblem),
    };
  }
  if (operation === "list") {
    return {
      description:
        "A query parameter is invalid: `limit` out of range, a filter of the wrong type, or a " +
        "cursor that this query (and caller) did not issue.",
      headers: responseHeaders(),
      content: problemContent(
        [new ValidationProblem([{ path: "limit", message: `must be an integer from 1 to ${maxPageSize}` }])],
        anyProblem,
      ),
    };
  }
  const requiredField = entity.fields.find((field) => field.required) ?? entity.fields[0];
  return {
    description:
      "The body is not JSON, not an object, or has invalid, missing, read-only, storage or unknown " +
      "fields (each one named)." +
      (operation === "create" && entity.idempotentCreate ? " Or the Idempotency-Key is malformed." : "") +
      (conditional === undefined
        ? ""
        : ` Or \`${conditional}\` lists more than ${maxEntityTags} entity tags.`),
    headers: responseHeaders(),
    content: problemContent(
      [
        new ValidationProblem([
          { path: requiredField?.name ?? "field", message: "is required" },
          { path: entity.readOnlyFields[0] ?? "version", message: "is read-only" },
        ]),
        new BadRequestProblem("The request body is not valid JSON."),
      ],
      anyProblem,
    ),
  };
}

/** 403 comes from the gateway for a missing scope, and from the function for someone else's data. */
function forbiddenResponse(app: App, route: Route, entity: AnyEntity): ResponseObject | undefined {
  const scoped = route.scopes.length > 0;
  const owned = route.access === "owner" || route.access === "ownerOrAdmin";
  if (!scoped && !owned) return undefined;
  const others = `The \`${entity.ownerParam}\` in the path is another user's`;
  const reasons = [
    scoped ? `The token lacks the scope ${route.scopes.join(" or ")} (the gateway's error).` : "",
    route.access === "owner" ? `${others} (a problem).` : "",
    route.access === "ownerOrAdmin"
      ? `${others} and the token lacks ${app.auth.adminScope} (a problem).`
      : "",
  ];
  const problem = new ForbiddenProblem(
    route.access === "owner" ? "Only the owner may do this." : "Only the owner or an admin may do this.",
  );
  return {
    description: reasons.filter((reason) => reason !== "").join(" "),
    headers: responseHeaders(),
    content: {
      ...(owned ? problemContent([problem], ref("schemas", schemaNames.problem)) : {}),
      ...(scoped ? gatewayContent("Forbidden") : {}),
    },
  };
}

function notFoundResponse(route: Route, operation: Operation, entity: AnyEntity): ResponseObject | undefined {
  if (!route.path.includes("{")) return undefined;
  const parent = entity.parent;
  const onCollection = operation === "create" || operation === "list";
  const subject = onCollection ? (parent?.name ?? entity.name) : entity.name;
  return problemResponse(
    operation === "create" && parent !== undefined
      ? `The ${parent.name} in the path does not exist.`
      : `No ${subject} matches this path.`,
    [new NotFoundProblem(`The ${subject} does not exist.`)],
  );
}

/** 409 when a create meets an existing item (one per `sub`) or a write takes a unique value already held. */
function conflictResponse(operation: Operation, entity: AnyEntity): ResponseObject | undefined {
  const exists = operation === "create" && entity.idSource === "subject";
  const writes = operation === "create" || operation === "replace" || operation === "patch";
  const unique = writes ? entity.unique : [];
  if (!exists && unique.length === 0) return undefined;
  const reasons = [
    ...(exists ? [`the caller's ${entity.name} already exists`] : []),
    ...unique.map((field) => `the ${field} is taken by another ${entity.name}`),
  ];
  return problemResponse(`Conflict: ${reasons.join(", or ")}.`, [
    ...(exists ? [new ConflictProblem(`The ${entity.name} already exists.`)] : []),
    ...unique.map((field) => new ConflictProblem(`The ${field} is already taken by another ${entity.name}.`)),
  ]);
}

function entityResponses(app: App, route: Route, entity: AnyEntity): Responses {
  const operation = route.operation as Operation;
  const name = entity.name;
  const responses: Responses = { ...successResponses(operation, entity) };
  responses["400"] = badRequestResponse(operation, entity);
  if (route.authorized) responses["401"] = ref("responses", "Unauthorized");
  const forbidden = forbiddenResponse(app, route, entity);
  if (forbidden !== undefined) responses["403"] = forbidden;
  const notFound = notFoundResponse(route, operation, entity);
  if (notFound !== undefined) responses["404"] = notFound;
  const conflict = conflictResponse(operation, entity);
  if (conflict !== undefined) responses["409"] = conflict;
  if (operation === "replace" || operation === "patch" || operation === "delete") {
    responses["412"] = problemResponse(
      `\`If-Match\` does not hold the ${name}'s current ETag; nothing was changed. ` +
        "The `ETag` header gives the current one.",
      [new PreconditionFailedProblem(name, exampleEtag)],
      etagHeader,
    );
  }
  if (hasBody(operation)) responses["413"] = ref("responses", "PayloadTooLarge");
  if (operation === "create" && entity.idempotentCreate) {
    responses["422"] = problemResponse("This Idempotency-Key was already used with a different body.", [
      new UnprocessableContentProblem("This Idempotency-Key was already used with a different request body."),
    ]);
  }
  responses["429"] = ref("responses", "TooManyRequests");
  return sortedResponses({ ...responses, ...failureResponses(true) });
}

// ---------------------------------------------------------------------------------------------
// Parameters, bodies and descriptions.

/** The entity (the route's own or an ancestor) whose id a path parameter is. */
function entityOfParam(entity: AnyEntity, param: string): AnyEntity {
  for (let current: AnyEntity | undefined = entity; current !== undefined; current = current.parent) {
    if (current.idParam === param) return current;
  }
  return entity;
}

function pathParameters(route: Route, entity: AnyEntity): ParameterObject[] {
  return entity.idParams
    .filter((param) => route.path.includes(`{${param}}`))
    .map((param): ParameterObject => {
      if (param === entity.ownerParam) {
        return {
          name: param,
          in: "path",
          required: true,
          description: `The owner's id: their token's \`sub\`. \`${selfAlias}\` stands for the caller.`,
          schema: { type: "string", minLength: 1 },
          examples: { caller: { summary: "The caller", value: selfAlias } },
        };
      }
      return {
        name: param,
        in: "path",
        required: true,
        description: `The ${entityOfParam(entity, param).name}'s id.`,
        schema: { type: "string", minLength: 1 },
      };
    });
}

function filterSchema(entity: AnyEntity, field: string): SchemaObject {
  // From the embedded create body, so a `$ref` in the field points into `components/schemas`.
  const [create] = embedSchema(schemaNames.body(entity, "create"), jsonSchemas(entity).create);
  const properties = create?.[1].properties;
  const property = isRecord(properties) ? properties[field] : undefined;
  if (!isRecord(property)) return { type: "string" };
  // The field's default applies to bodies; an absent filter means "no filter", not the default.
  const { default: _default, ...schema } = property;
  return schema;
}

function listParameters(entity: AnyEntity): ParameterObject[] {
  return [
    {
      name: "limit",
      in: "query",
      required: false,
      description: `How many items a page holds at most (1–${maxPageSize}); out of range is a 400.`,
      schema: { type: "integer", minimum: 1, maximum: maxPageSize, default: defaultPageSize },
    },
    {
      name: "cursor",
      in: "query",
      required: false,
      description:
        "The previous page's `nextCursor`. Opaque, and bound to the caller and the query: any other cursor is a 400.",
      schema: { type: "string" },
    },
    ...entity.filters.map(
      (field): ParameterObject => ({
        name: field,
        in: "query",
        required: false,
        description: `Only ${entity.collection} whose \`${field}\` is this value.`,
        schema: filterSchema(entity, field),
      }),
    ),
  ];
}

function headerParameters(route: Route, entity: AnyEntity): ParameterObject[] {
  switch (route.operation) {
    case "get":
      return [
        {
          name: "If-None-Match",
          in: "header",
          required: false,
          description:
            "ETags the client holds; when one is current the answer is 304 with no body. " +
            `At most ${maxEntityTags} tags; more is a 400.`,
          schema: { type: "string" },
        },
      ];
    case "replace":
    case "patch":
    case "delete":
      return [
        {
          name: "If-Match",
          in: "header",
          required: false,
          description:
            "Makes the write conditional: the ETag the change is based on (a weak tag never matches), " +
            `or \`*\`. A stale tag is a 412 and nothing changes. At most ${maxEntityTags} tags; more is a 400.`,
          schema: { type: "string" },
        },
      ];
    case "create":
      return entity.idempotentCreate
        ? [
            {
              name: "Idempotency-Key",
              in: "header",
              required: false,
              description:
                `Creates at most one ${entity.name} per owner and key for ${idempotencyTtlSeconds / 3600} h: ` +
                "a retry with the same body gets the same 201; the same key with another body is a 422.",
              // Visible ASCII characters, as the create function checks.
              schema: { type: "string", pattern: `^[!-~]{1,${maxIdempotencyKeyLength}}$` },
            },
          ]
        : [];
    default:
      return [];
  }
}

function requestBody(route: Route, entity: AnyEntity): RequestBodyObject | undefined {
  switch (route.operation) {
    case "create":
      return {
        description: `The new ${entity.name}'s writable fields.`,
        required: true,
        content: { [json]: { schema: ref("schemas", schemaNames.body(entity, "create")) } },
      };
    case "replace":
      return {
        description: `Every writable field of the ${entity.name}.`,
        required: true,
        content: { [json]: { schema: ref("schemas", schemaNames.body(entity, "replace")) } },
      };
    case "patch": {
      const schema = ref("schemas", schemaNames.body(entity, "patch"));
      return {
        description: "A JSON Merge Patch (RFC 7396); sent as either media type.",
        required: true,
        content: { [mergePatchJson]: { schema }, [json]: { schema } },
      };
    }
    default:
      return undefined;
  }
}

function descendantsOf(app: App, ancestor: AnyEntity): AnyEntity[] {
  return app.entities.filter((entity) => {
    for (let parent = entity.parent; parent !== undefined; parent = parent.parent) {
      if (parent === ancestor) return true;
    }
    return false;
  });
}

function accessSentence(app: App, route: Route, entity: AnyEntity): string {
  const owner = `the caller whose token \`sub\` is \`{${entity.ownerParam}}\``;
  switch (route.access) {
    case "public":
      return "No token needed.";
    case "authenticated":
      return "Any valid token.";
    case "owner":
      return `Only the owner: ${owner}.`;
    case "ownerOrAdmin":
      return `The owner (${owner}), or a token with scope \`${app.auth.adminScope}\`.`;
    case "admin":
      return `Needs a token with scope \`${route.scopes.join("` or `") || app.auth.adminScope}\`.`;
  }
}

function describe(app: App, route: Route, entity: AnyEntity): { summary: string; description: string } {
  const name = entity.name;
  const parent = entity.parent;
  const under = parent === undefined ? "" : ` of the ${parent.name} in the path`;
  let summary: string;
  let description: string;
  switch (route.operation as Operation) {
    case "create": {
      summary = `Create a ${name}`;
      description =
        entity.idSource === "subject"
          ? `Creates the caller's ${name}: its \`${entity.idParam}\` is the token's \`sub\`, so each caller has one.`
          : `Creates a ${name}${under}, with a server-made, time-sortable \`${entity.idParam}\`.`;
      if (entity.unique.length > 0) {
        description += ` ${entity.unique.map((field) => `\`${field}\``).join(", ")} must be unique.`;
      }
      if (entity.idempotentCreate) description += " Honours `Idempotency-Key`.";
      break;
    }
    case "list":
      summary = `List ${entity.collection}`;
      description =
        (entity.listing === "global" ? `Every ${name}` : `The ${entity.collection}${under}`) +
        ", newest first, one page at a time: pass `nextCursor` back as `cursor` for the next page.";
      break;
    case "get":
      summary = `Get a ${name}`;
      description = `The ${name}, with its ETag. \`If-None-Match\` with the current ETag answers 304.`;
      break;
    case "replace":
      summary = `Replace a ${name}`;
      description =
        `Replaces every writable field of the ${name}: optional fields left out are removed, ` +
        "defaulted ones reset. `If-Match` makes the write conditional.";
      break;
    case "patch":
      summary = `Update a ${name}`;
      description =
        `Changes only the fields the JSON Merge Patch (RFC 7396) names; \`null\` removes an optional field. ` +
        "One atomic update: a concurrent change to another field is never lost. `If-Match` makes it conditional.";
      break;
    case "delete": {
      summary = `Delete a ${name}`;
      const descendants = descendantsOf(app, entity);
      const hasFiles = [entity, ...descendants].some((owner) => Object.keys(owner.files).length > 0);
      const owned = [
        ...descendants.map((child) => `its ${child.collection}`),
        ...(hasFiles ? ["its files"] : []),
      ];
      description =
        `Deletes the ${name}${owned.length > 0 ? `, with ${owned.join(" and ")}` : ""}. ` +
        "`If-Match` makes it conditional.";
      break;
    }
  }
  return { summary, description: `${description}\n\n${accessSentence(app, route, entity)}` };
}

function securityOf(route: Route): SecurityRequirementObject[] {
  return route.authorized ? [{ [securityScheme]: route.scopes }] : [];
}

function entityOperation(app: App, route: Route, entity: AnyEntity): OperationObject {
  const parameters = [
    ...pathParameters(route, entity),
    ...(route.operation === "list" ? listParameters(entity) : []),
    ...headerParameters(route, entity),
  ];
  const body = requestBody(route, entity);
  return {
    operationId: operationIdOf(route),
    ...describe(app, route, entity),
    tags: [entity.collection],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(body === undefined ? {} : { requestBody: body }),
    responses: entityResponses(app, route, entity),
    security: securityOf(route),
  };
}

function appOperation(route: Route): OperationObject {
  // `health` is the only operation that is not about an entity.
  return {
    operationId: operationIdOf(route),
    summary: "Check the API is up",
    description: 'Answers `{"status":"ok"}`. No token needed.',
    tags: ["health"],
    responses: sortedResponses({
      "200": {
        description: "The API is up.",
        headers: responseHeaders(),
        content: {
          [json]: {
            schema: ref("schemas", schemaNames.health),
            examples: { ok: { value: { status: "ok" } } },
          },
        },
      },
      "429": ref("responses", "TooManyRequests"),
      ...failureResponses(false),
    }),
    security: securityOf(route),
  };
}

// ---------------------------------------------------------------------------------------------
// The document.

function securitySchemeOf(app: App): SecuritySchemeObject {
  const issuer = app.auth.issuer ?? "the Cognito user pool the stack creates";
  return {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description:
      `A JWT from ${issuer}, for audience ${app.auth.audience.map((a) => `\`${a}\``).join(" or ")}. ` +
      "Locally, get one with `npx portico token --sub alice` (add `--scope " +
      `${app.auth.adminScope}\` for admin routes) or \`POST /_local/token\`. ` +
      "Scopes listed on an operation are the ones the gateway requires (any one of them).",
  };
}

function serversOf(app: App, options: OpenApiOptions): ServerObject[] {
  if (options.serverUrl !== undefined) return [{ url: options.serverUrl, description: "The API" }];
  return [
    { url: defaultServerUrl, description: "The local dev server (`npm start`)" },
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

/** The OpenAPI 3.1 document of an app: `openApiDocument(app).paths["/health"]?.get`. */
export function openApiDocument(app: App, options: OpenApiOptions = {}): OpenApiDocument {
  const paths: Record<string, PathItemObject> = {};
  for (const route of app.routes) {
    const operation =
      route.entity === undefined ? appOperation(route) : entityOperation(app, route, route.entity);
    paths[route.path] = { ...paths[route.path], [methodKey(route)]: operation };
  }
  const schemas: Record<string, SchemaObject> = { ...commonSchemas };
  for (const entity of app.entities) {
    for (const [name, schema] of entitySchemas(entity)) {
      if (Object.hasOwn(schemas, name)) {
        throw new TypeError(`Two OpenAPI schemas would be named "${name}"; rename entity "${entity.name}".`);
      }
      schemas[name] = schema;
    }
  }
  const hasAppRoutes = app.routes.some((route) => route.entity === undefined);
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
    ],
    paths,
    components: {
      schemas,
      responses: gatewayResponses,
      headers,
      securitySchemes: { [securityScheme]: securitySchemeOf(app) },
    },
    security: [{ [securityScheme]: [] }],
  };
}

/** The document as pretty JSON with a trailing newline, ready to write to `openapi.json`. */
export function openApiJson(app: App, options: OpenApiOptions = {}): string {
  return `${JSON.stringify(openApiDocument(app, options), null, 2)}\n`;
}
