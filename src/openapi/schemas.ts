/**
 * The document's schema components: the model's JSON Schemas embedded (their `$defs` as sibling
 * components), each entity's bodies, item and page, and the shapes every route shares (problems,
 * the gateway's errors, health).
 */
import { type AnyEntity, type FileSlot, jsonSchemas, maxFilesOf } from "../model/index.js";
import { NotFoundProblem } from "../runtime/index.js";
import { ref, schemaNames } from "./names.js";
import type { SchemaObject } from "./types.js";

export function isRecord(value: unknown): value is Record<string, unknown> {
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
export function embedSchema(name: string, schema: unknown): [string, SchemaObject][] {
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

/** What a file slot's field on the item holds: only files whose upload was recorded. */
function fileFieldDescription(entity: AnyEntity, name: string, slot: FileSlot): string {
  const path = `${entity.itemPath}/${name}`;
  return slot.multiple
    ? `The recorded ${name} (at most ${maxFilesOf(slot)}); add one with \`POST ${path}\`.`
    : `The recorded ${name}, or \`null\` when there is none; read it through \`GET ${path}\`.`;
}

export function entitySchemas(entity: AnyEntity): [string, SchemaObject][] {
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
      ? withProperties(body, (field, property) => {
          const slot = entity.files[field];
          const described =
            slot === undefined
              ? property
              : { description: fileFieldDescription(entity, field, slot), ...property };
          return readOnly.has(field) ? { ...described, readOnly: true } : described;
        })
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

export const commonSchemas: Readonly<Record<string, SchemaObject>> = {
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
