/** The OpenAPI document of the test app: valid OpenAPI 3.1, complete, and true to the route table. */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { app as customApp } from "../../test/custom-routes/portico.config.js";
import {
  filesTestApp as app,
  creatorChecks,
  creatorNotes,
  testEntity,
} from "../../test/support/store-entities.js";
import { defineApp, defineEntity } from "../model/index.js";
import { etagOf } from "../runtime/index.js";
import {
  type OpenApiDocument,
  type OperationObject,
  openApiDocument,
  openApiJson,
  type PathItemMethod,
  type ReferenceObject,
  type ResponseObject,
} from "./index.js";

const document = openApiDocument(app);

function operationOf(doc: OpenApiDocument, path: string, method: string): OperationObject {
  const operation = doc.paths[path]?.[method.toLowerCase() as PathItemMethod];
  if (operation === undefined) throw new Error(`No operation ${method} ${path} in the document.`);
  return operation;
}

function isReference(value: unknown): value is ReferenceObject {
  return typeof value === "object" && value !== null && "$ref" in value;
}

/** Follows a local `#/…` JSON Pointer; `undefined` when it points nowhere. */
function resolvePointer(doc: unknown, pointer: string): unknown {
  if (!pointer.startsWith("#/")) return undefined;
  let current: unknown = doc;
  for (const raw of pointer.slice(2).split("/")) {
    const segment = decodeURIComponent(raw).replaceAll("~1", "/").replaceAll("~0", "~");
    if (typeof current !== "object" || current === null || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

function collectRefs(value: unknown, refs: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) collectRefs(item, refs);
  else if (typeof value === "object" && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      if (key === "$ref" && typeof inner === "string") refs.push(inner);
      else collectRefs(inner, refs);
    }
  }
  return refs;
}

function collectKeys(value: unknown, keys = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) collectKeys(item, keys);
  else if (typeof value === "object" && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      keys.add(key);
      collectKeys(inner, keys);
    }
  }
  return keys;
}

function response(operation: OperationObject, status: string): ResponseObject {
  const found = operation.responses[status];
  if (found === undefined) throw new Error(`No ${status} response on ${operation.operationId}.`);
  const resolved = isReference(found) ? resolvePointer(document, found.$ref) : found;
  return resolved as ResponseObject;
}

describe("openApiDocument", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(openApiJson(app)) as Record<string, unknown>);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
  });

  it("names the app and the local server", () => {
    expect(document.openapi).toBe("3.1.0");
    expect(document.info.title).toBe(app.name);
    expect(document.info.version).toBe(app.api.stage);
    expect(document.servers[0]?.url).toBe("http://127.0.0.1:3000/v1");
    const custom = openApiDocument(app, { serverUrl: "/v1", version: "1.2.3" });
    expect(custom.servers.map((server) => server.url)).toEqual(["/v1"]);
    expect(custom.info.version).toBe("1.2.3");
  });

  it("keeps the dialect the bundled Swagger UI renders, so the docs page shows no unsupported-dialect banner", () => {
    // Swagger UI warns in red about any `jsonSchemaDialect` other than its default, read from its own build.
    const bundle = readFileSync(
      createRequire(import.meta.url).resolve("swagger-ui-dist/swagger-ui-bundle.js"),
      "utf8",
    );
    const supported = /new JsonSchemaDialect\("([^"]+)"\)/.exec(bundle)?.[1];
    expect(supported).toBe("https://spec.openapis.org/oas/3.1/dialect/base");
    const declared = (document as { jsonSchemaDialect?: string }).jsonSchemaDialect;
    expect(declared ?? supported).toBe(supported);
  });

  it("has every route of the route table, with its method and its function name as operationId", () => {
    const documented = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(app.routes.map((route) => route.routeKey).sort());
    const ids = app.routes.map((route) => operationOf(document, route.path, route.method).operationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(operationOf(document, "/accounts", "POST").operationId).toBe("accountsCreate");
  });

  it("gives every operation a summary, responses and a security entry matching the route's authorizer and scopes", () => {
    for (const route of app.routes) {
      const operation = operationOf(document, route.path, route.method);
      expect(operation.summary, route.routeKey).not.toBe("");
      expect(Object.keys(operation.responses).length, route.routeKey).toBeGreaterThan(1);
      if (route.authorized) {
        expect(operation.security, route.routeKey).toEqual([{ bearerAuth: route.scopes }]);
        expect(operation.responses["401"], route.routeKey).toEqual({
          $ref: "#/components/responses/Unauthorized",
        });
      } else {
        expect(operation.security, route.routeKey).toEqual([]);
        expect(operation.responses["401"], route.routeKey).toBeUndefined();
      }
    }
    expect(document.components.securitySchemes.bearerAuth).toMatchObject({
      type: "http",
      scheme: "bearer",
      bearerFormat: "JWT",
    });
  });

  it("requires the admin scope to list accounts", () => {
    const list = operationOf(document, "/accounts", "GET");
    expect(list.security).toEqual([{ bearerAuth: ["test/admin"] }]);
    expect(Object.keys(response(list, "403").content ?? {})).toEqual(["application/json"]);
  });

  it("resolves every $ref inside the document", () => {
    const refs = collectRefs(document);
    expect(refs.length).toBeGreaterThan(20);
    for (const target of new Set(refs)) expect(resolvePointer(document, target), target).toBeDefined();
  });

  it("embeds the JSON Schemas without $schema or $defs", () => {
    const keys = collectKeys(document.components.schemas);
    expect(keys.has("$schema")).toBe(false);
    expect(keys.has("$defs")).toBe(false);
  });

  it("requires the account's writable fields on create and refuses any other field", () => {
    const schema = document.components.schemas.AccountCreate;
    expect(schema?.required).toEqual(["handle", "name"]);
    expect(schema?.additionalProperties).toBe(false);
    expect(Object.keys(schema?.properties as object)).not.toContain("accountId");
  });

  it("marks the item's server-managed fields read-only", () => {
    const properties = document.components.schemas.Note?.properties as Record<
      string,
      Record<string, unknown>
    >;
    for (const field of ["accountId", "noteId", "attachments", "createdAt", "updatedAt", "version"]) {
      expect(properties[field]?.readOnly, field).toBe(true);
    }
    expect(properties.text?.readOnly).toBeUndefined();
  });

  it("accepts a merge patch as application/merge-patch+json and as application/json", () => {
    const patch = operationOf(document, "/accounts/{accountId}", "PATCH");
    expect(patch.requestBody?.content).toEqual({
      "application/merge-patch+json": { schema: { $ref: "#/components/schemas/AccountPatch" } },
      "application/json": { schema: { $ref: "#/components/schemas/AccountPatch" } },
    });
  });

  it("documents that me stands for the caller in the owner's id", () => {
    const get = operationOf(document, "/accounts/{accountId}/notes/{noteId}", "GET");
    const owner = get.parameters?.find((parameter) => parameter.name === "accountId");
    expect(owner?.description).toContain("`me`");
    expect(get.parameters?.map((parameter) => `${parameter.in}:${parameter.name}`)).toEqual([
      "path:accountId",
      "path:noteId",
      "header:If-None-Match",
    ]);
  });

  it("documents the paging and filter query parameters of a list", () => {
    const list = operationOf(document, "/accounts/{accountId}/notes", "GET");
    const query = Object.fromEntries(
      (list.parameters ?? []).filter((p) => p.in === "query").map((p) => [p.name, p.schema]),
    );
    expect(query).toEqual({
      limit: { type: "integer", minimum: 1, maximum: 100, default: 20 },
      cursor: { type: "string" },
      pinned: { type: "boolean" },
    });
    expect(response(list, "200").content?.["application/json"]?.schema).toEqual({
      $ref: "#/components/schemas/NotePage",
    });
  });

  it("lists the statuses each operation can answer", () => {
    const statuses = (method: string, path: string) =>
      Object.keys(operationOf(document, path, method).responses).sort();
    const common = ["401", "429", "500", "503"];
    expect(statuses("GET", "/health")).toEqual(["200", "429", "500", "503"]);
    expect(statuses("POST", "/accounts")).toEqual(["201", "400", "409", "413", ...common].sort());
    expect(statuses("GET", "/accounts")).toEqual(["200", "400", "403", ...common].sort());
    expect(statuses("GET", "/accounts/{accountId}")).toEqual(
      ["200", "304", "400", "403", "404", ...common].sort(),
    );
    expect(statuses("PATCH", "/accounts/{accountId}")).toEqual(
      ["200", "400", "403", "404", "409", "412", "413", ...common].sort(),
    );
    expect(statuses("POST", "/accounts/{accountId}/notes")).toEqual(
      ["201", "400", "403", "404", "413", "422", ...common].sort(),
    );
    expect(statuses("PUT", "/accounts/{accountId}/notes/{noteId}")).toEqual(
      ["200", "400", "403", "404", "412", "413", ...common].sort(),
    );
    expect(statuses("DELETE", "/accounts/{accountId}/notes/{noteId}")).toEqual(
      ["204", "400", "403", "404", "412", ...common].sort(),
    );
  });

  it("lists the statuses each file route can answer", () => {
    const statuses = (method: string, path: string) =>
      Object.keys(operationOf(document, path, method).responses).sort();
    const common = ["401", "403", "404", "429", "500", "503"];
    expect(statuses("POST", "/accounts/{accountId}/picture")).toEqual(
      ["200", "400", "413", "415", ...common].sort(),
    );
    expect(statuses("POST", "/accounts/{accountId}/notes/{noteId}/attachments")).toEqual(
      ["200", "400", "409", "413", "415", ...common].sort(),
    );
    expect(statuses("GET", "/accounts/{accountId}/picture")).toEqual(["302", ...common].sort());
    expect(statuses("DELETE", "/accounts/{accountId}/picture")).toEqual(["204", ...common].sort());
  });

  it("asks an upload for one of the slot's content types, and nothing else", () => {
    const upload = operationOf(document, "/accounts/{accountId}/picture", "POST");
    expect(upload.requestBody?.required).toBe(true);
    expect(upload.requestBody?.content).toEqual({
      "application/json": {
        schema: {
          allOf: [
            { $ref: "#/components/schemas/UploadRequest" },
            {
              type: "object",
              properties: { contentType: { enum: ["image/png", "image/jpeg"] } },
            },
          ],
        },
      },
    });
    expect(document.components.schemas.UploadRequest).toMatchObject({
      required: ["contentType"],
      additionalProperties: false,
      properties: { contentType: { type: "string" } },
    });
    const attachments = operationOf(document, "/accounts/{accountId}/notes/{noteId}/attachments", "POST");
    expect(JSON.stringify(attachments.requestBody)).toContain('"application/pdf"');
    expect(attachments.parameters?.map((parameter) => parameter.name)).toEqual(["accountId", "noteId"]);
  });

  it("answers an upload with the ticket, and describes the three steps with the slot's types and size limit", () => {
    const upload = operationOf(document, "/accounts/{accountId}/picture", "POST");
    expect(response(upload, "200").content?.["application/json"]?.schema).toEqual({
      $ref: "#/components/schemas/UploadTicket",
    });
    expect(document.components.schemas.UploadTicket).toMatchObject({
      required: ["url", "fields", "key", "expiresAt", "maxBytes"],
      additionalProperties: false,
      properties: {
        url: { type: "string" },
        fields: { type: "object", additionalProperties: { type: "string" } },
        key: { type: "string" },
        expiresAt: { type: "string", format: "date-time" },
        maxBytes: { type: "integer" },
      },
    });
    for (const text of [
      "1. ",
      "2. ",
      "3. ",
      "`image/jpeg`",
      "1 MB",
      "5 minutes",
      "accounts/{accountId}/picture/{fileId}",
    ])
      expect(upload.description, text).toContain(text);
    const attachments = operationOf(document, "/accounts/{accountId}/notes/{noteId}/attachments", "POST");
    for (const text of ["`application/pdf`", "2 MB", "at most 20"])
      expect(attachments.description, text).toContain(text);
    expect(upload.security).toEqual([{ bearerAuth: [] }]);
    expect(upload.description).toContain("Only the owner");
  });

  it("shows the file routes' problems with the runtime's own texts", () => {
    const examples = (operation: OperationObject, status: string) =>
      Object.values(response(operation, status).content?.["application/problem+json"]?.examples ?? {}).map(
        (example) => (example as { value: { detail: string } }).value.detail,
      );
    const upload = operationOf(document, "/accounts/{accountId}/picture", "POST");
    const invalid = response(upload, "400").content?.["application/problem+json"]?.examples?.[
      "validation-error"
    ];
    expect((invalid as { value: { errors: unknown } } | undefined)?.value.errors).toEqual([
      { path: "contentType", message: "must be one of image/png, image/jpeg" },
    ]);
    expect(examples(upload, "415")).toEqual([
      "The request body must be JSON in UTF-8, sent with Content-Type: application/json.",
    ]);
    const attachments = operationOf(document, "/accounts/{accountId}/notes/{noteId}/attachments", "POST");
    expect(examples(attachments, "409")).toEqual([
      "The note already has 20 attachments, the most it can have.",
    ]);
    const download = operationOf(document, "/accounts/{accountId}/picture", "GET");
    expect(examples(download, "404")).toEqual(["The account does not exist.", "The account has no picture."]);
    expect(examples(operationOf(document, "/accounts/{accountId}/picture", "DELETE"), "404")).toContain(
      "The account has no picture.",
    );
  });

  it("redirects a file read to a presigned URL in Location", () => {
    const found = response(operationOf(document, "/accounts/{accountId}/picture", "GET"), "302");
    expect(found.headers?.Location).toEqual({ $ref: "#/components/headers/FileLocation" });
    expect(found.content).toBeUndefined();
    expect(document.components.headers.FileLocation?.description).toContain("5 minutes");
  });

  it("describes the recorded files on the items", () => {
    const account = document.components.schemas.Account?.properties as Record<
      string,
      Record<string, unknown>
    >;
    expect(account.picture).toMatchObject({
      readOnly: true,
      anyOf: [
        {
          type: "object",
          required: ["key", "contentType", "size", "updatedAt"],
          properties: { updatedAt: { type: "string", format: "date-time" } },
        },
        { type: "null" },
      ],
    });
    expect(account.picture?.description).toContain("GET /accounts/{accountId}/picture");
    const note = document.components.schemas.Note?.properties as Record<string, Record<string, unknown>>;
    expect(note.attachments).toMatchObject({
      readOnly: true,
      type: "array",
      items: { type: "object", required: ["key", "contentType", "size"], additionalProperties: false },
    });
  });

  it("has no file schema for an app without file slots", () => {
    const plain = defineApp({
      name: "plain-app",
      api: { stage: "v1" },
      auth: { audience: ["plain"], adminScope: "plain/admin" },
      entities: [
        testEntity("thing", {
          id: "subject",
          key: { pk: "THING#{thingId}", sk: "THING" },
          schema: z.object({ a: z.string() }),
          operations: { get: "owner" },
        }),
      ],
    });
    expect(Object.keys(openApiDocument(plain).components.schemas)).not.toContain("UploadTicket");
  });

  it("describes ETags by the pattern the functions make and parse", () => {
    const pattern = new RegExp(String(document.components.headers.ETag?.schema.pattern));
    expect(etagOf({ incarnation: "q3Vt0bE9xK2a", version: 3 })).toMatch(pattern);
    expect(etagOf({ incarnation: undefined, version: 3 })).toMatch(pattern);
    expect('W/"q3Vt0bE9xK2a.3"').not.toMatch(pattern);
  });

  it("sends conditional-request and idempotency headers where the operations honour them", () => {
    const headerNames = (method: string, path: string) =>
      (operationOf(document, path, method).parameters ?? [])
        .filter((parameter) => parameter.in === "header")
        .map((parameter) => parameter.name);
    expect(headerNames("PUT", "/accounts/{accountId}/notes/{noteId}")).toEqual(["If-Match"]);
    expect(headerNames("DELETE", "/accounts/{accountId}")).toEqual(["If-Match"]);
    expect(headerNames("POST", "/accounts/{accountId}/notes")).toEqual(["Idempotency-Key"]);
    expect(headerNames("POST", "/accounts")).toEqual([]);
    const created = response(operationOf(document, "/accounts/{accountId}/notes", "POST"), "201");
    expect(Object.keys(created.headers ?? {}).sort()).toEqual(
      ["ETag", "Idempotent-Replayed", "Location", "apigw-requestid"].sort(),
    );
  });

  it("answers a store outage with a problem and Retry-After, and a timeout with the gateway's message", () => {
    const unavailable = response(operationOf(document, "/accounts/{accountId}", "GET"), "503");
    expect(unavailable.headers?.["Retry-After"]).toEqual({ $ref: "#/components/headers/RetryAfter" });
    expect(unavailable.content?.["application/problem+json"]?.schema).toEqual({
      $ref: "#/components/schemas/Problem",
    });
    expect(unavailable.content?.["application/json"]?.schema).toEqual({
      $ref: "#/components/schemas/GatewayError",
    });
  });

  it("describes GET /health as an unauthenticated status check", () => {
    const health = operationOf(document, "/health", "GET");
    expect(health.security).toEqual([]);
    expect(response(health, "200").content?.["application/json"]?.schema).toEqual({
      $ref: "#/components/schemas/Health",
    });
    expect(document.components.schemas.Health?.properties).toEqual({ status: { const: "ok" } });
  });

  it("derives everything from the model, turning a shared sub-schema into its own component", async () => {
    const label = z.object({ name: z.string().min(1) }).meta({ id: "OpenApiTestLabel" });
    const notes = defineEntity({
      name: "note",
      collection: "notes",
      idParam: "ownerId",
      id: "subject",
      key: { pk: "OWNER#{ownerId}", sk: "NOTE" },
      schema: z.object({ main: label, others: z.array(label).optional(), kind: z.enum(["a", "b"]) }),
      filters: ["kind"],
      listing: "global",
      operations: { create: "authenticated", list: "admin", get: "public" },
    });
    const other = openApiDocument(
      defineApp({
        name: "notes-app",
        api: { stage: "prod" },
        auth: { audience: ["notes"], adminScope: "notes/admin" },
        entities: [notes],
      }),
    );
    expect(Object.keys(other.paths).sort()).toEqual(["/health", "/notes", "/notes/{ownerId}"]);
    expect(other.components.schemas.NoteCreate?.properties).toMatchObject({
      main: { $ref: "#/components/schemas/NoteCreate_OpenApiTestLabel" },
    });
    for (const target of collectRefs(other)) expect(resolvePointer(other, target), target).toBeDefined();
    expect(collectKeys(other.components.schemas).has("$defs")).toBe(false);
    expect(operationOf(other, "/notes", "GET").security).toEqual([{ bearerAuth: ["notes/admin"] }]);
    expect(operationOf(other, "/notes/{ownerId}", "GET").security).toEqual([]);
    const kind = operationOf(other, "/notes", "GET").parameters?.find((p) => p.name === "kind");
    expect(kind?.schema).toEqual({ type: "string", enum: ["a", "b"] });
    const result = await new Validator().validate(
      JSON.parse(JSON.stringify(other)) as Record<string, unknown>,
    );
    expect(result.errors).toBeUndefined();
  });

  describe("a custom route", () => {
    const custom = openApiDocument(customApp);
    const increment = operationOf(custom, "/counters/{counterId}/increment", "POST");

    it("keeps the document valid and every $ref resolvable", async () => {
      const result = await new Validator().validate(
        JSON.parse(openApiJson(customApp)) as Record<string, unknown>,
      );
      expect(result.errors).toBeUndefined();
      for (const target of new Set(collectRefs(custom)))
        expect(resolvePointer(custom, target), target).toBeDefined();
    });

    it("has its summary, its owner's access and its body's own schema", () => {
      expect(increment).toMatchObject({
        operationId: "countersIncrement",
        summary: "Add to a counter",
        tags: ["custom"],
        security: [{ bearerAuth: [] }],
        requestBody: {
          required: true,
          content: { "application/json": { schema: { $ref: "#/components/schemas/CountersIncrementBody" } } },
        },
      });
      expect(increment.description).toContain(
        "Only the owner: the caller whose token `sub` is `{counterId}`.",
      );
      expect(increment.parameters?.[0]).toMatchObject({
        name: "counterId",
        in: "path",
        examples: { caller: { value: "me" } },
      });
      expect(custom.components.schemas.CountersIncrementBody).toMatchObject({
        type: "object",
        properties: { by: { type: "integer", minimum: 1, maximum: 100 } },
        required: ["by"],
        additionalProperties: false,
      });
    });

    it("lists what the adapter answers around the route's own code", () => {
      expect(Object.keys(increment.responses).sort()).toEqual([
        "2XX",
        "400",
        "401",
        "403",
        "413",
        "415",
        "429",
        "500",
        "503",
      ]);
    });
  });

  it("writes pretty JSON with a trailing newline", () => {
    const text = openApiJson(app);
    expect(text.endsWith("}\n")).toBe(true);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(document)));
  });
});

describe("a creator-owned entity", () => {
  const doc = openApiDocument(
    defineApp({
      name: "creator-notes",
      api: { stage: "v1" },
      auth: { audience: ["creator-notes"], adminScope: "creator-notes/admin" },
      entities: [creatorNotes, creatorChecks],
    }),
  );

  it("has only path ids as parameters: the creator comes from the token", () => {
    const get = operationOf(doc, "/notes/{noteId}/checks", "GET");
    const parameters = (get.parameters ?? []).filter((p) => !isReference(p) && p.in === "path");
    expect(parameters.map((p) => !isReference(p) && p.name)).toEqual(["noteId"]);
  });

  it("says who may call it, and answers another caller's item with 404, never 403", () => {
    const get = operationOf(doc, "/notes/{noteId}", "GET");
    expect(get.description).toContain(
      "Only the creator: the caller whose token `sub` is the item's `authorId`, taken from the token.",
    );
    expect(Object.keys(get.responses ?? {})).toContain("404");
    expect(Object.keys(get.responses ?? {})).not.toContain("403");
  });
});
