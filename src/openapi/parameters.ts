/**
 * What an operation takes: its path parameters (`me` for the owner), the list query (`limit`,
 * `cursor`, filters), the conditional and idempotency headers, and its request body, with the
 * limits the runtime enforces.
 */
import {
  type AnyEntity,
  type EntityRouteDescription,
  jsonSchemas,
  type RouteDescription,
} from "../model/index.js";
import {
  defaultPageSize,
  idempotencyTtlSeconds,
  maxEntityTags,
  maxIdempotencyKeyLength,
  maxPageSize,
  mediaTypes,
  selfAlias,
  visibleAsciiPattern,
} from "../runtime/index.js";
import { ref, schemaNames } from "./names.js";
import { embedSchema, isRecord } from "./schemas.js";
import type { ParameterObject, RequestBodyObject, SchemaObject } from "./types.js";

/** The entity (the route's own or an ancestor) whose id a path parameter is. */
function entityOfParam(entity: AnyEntity, param: string): AnyEntity {
  for (let current: AnyEntity | undefined = entity; current !== undefined; current = current.parent) {
    if (current.idParam === param) return current;
  }
  return entity;
}

export function pathParameters(route: Pick<RouteDescription, "path">, entity: AnyEntity): ParameterObject[] {
  return entity.idParams
    .filter((param) => route.path.includes(`{${param}}`))
    .map((param): ParameterObject => {
      if (param === entity.ownerParam) return ownerParameter(param);
      return pathParameter(param, `The ${entityOfParam(entity, param).name}'s id.`);
    });
}

export function pathParameter(name: string, description: string): ParameterObject {
  return { name, in: "path", required: true, description, schema: { type: "string", minLength: 1 } };
}

/** The path parameter that holds the owner's id, for which `me` stands for the caller. */
export function ownerParameter(name: string): ParameterObject {
  return {
    ...pathParameter(name, `The owner's id: their token's \`sub\`. \`${selfAlias}\` stands for the caller.`),
    examples: { caller: { summary: "The caller", value: selfAlias } },
  };
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

export function listParameters(entity: AnyEntity): ParameterObject[] {
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
        description: [
          `Only ${entity.collection} whose \`${field}\` is this value, newest first, served by an index.`,
          ...(entity.filters.length > 1 ? ["One filter per request; two are a 400."] : []),
        ].join(" "),
        schema: filterSchema(entity, field),
      }),
    ),
  ];
}

export function headerParameters(route: EntityRouteDescription, entity: AnyEntity): ParameterObject[] {
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
              schema: { type: "string", pattern: visibleAsciiPattern(maxIdempotencyKeyLength) },
            },
          ]
        : [];
    default:
      return [];
  }
}

export function requestBody(route: EntityRouteDescription, entity: AnyEntity): RequestBodyObject | undefined {
  switch (route.operation) {
    case "create":
      return {
        description: `The new ${entity.name}'s writable fields.`,
        required: true,
        content: { [mediaTypes.json]: { schema: ref("schemas", schemaNames.body(entity, "create")) } },
      };
    case "replace":
      return {
        description: `Every writable field of the ${entity.name}.`,
        required: true,
        content: { [mediaTypes.json]: { schema: ref("schemas", schemaNames.body(entity, "replace")) } },
      };
    case "patch": {
      const schema = ref("schemas", schemaNames.body(entity, "patch"));
      return {
        description: "A JSON Merge Patch (RFC 7396); sent as either media type.",
        required: true,
        content: { [mediaTypes.mergePatch]: { schema }, [mediaTypes.json]: { schema } },
      };
    }
    default:
      return undefined;
  }
}
