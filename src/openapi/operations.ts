/**
 * One operation object per route: its summary and description (what it does, who may call it),
 * parameters, body, responses and security. Nothing here names an entity.
 */
import type {
  AnyEntity,
  App,
  AppRouteDescription,
  EntityRouteDescription,
  RouteDescription,
} from "../model/index.js";
import { mediaTypes } from "../runtime/index.js";
import { responseHeaders } from "./headers.js";
import { operationIdOf, ref, schemaNames, securityScheme } from "./names.js";
import { type OwnerRef, ownerRefOf } from "./owner-ref.js";
import { headerParameters, listParameters, pathParameters, requestBody } from "./parameters.js";
import { entityResponses } from "./problem-responses.js";
import { failureResponses, sortedResponses } from "./responses.js";
import type { OperationObject, SecurityRequirementObject } from "./types.js";

function descendantsOf(app: App, ancestor: AnyEntity): AnyEntity[] {
  return app.entities.filter((entity) => {
    for (let parent = entity.parent; parent !== undefined; parent = parent.parent) {
      if (parent === ancestor) return true;
    }
    return false;
  });
}

/** Who may call a route whose data `owner` owns, as one sentence. */
export function accessSentence(
  app: App,
  route: Pick<RouteDescription, "access" | "scopes">,
  ownerRef: OwnerRef,
): string {
  if ("creator" in ownerRef) {
    return (
      `Only the creator: the caller whose token \`sub\` is the item's \`${ownerRef.creator}\`, taken from the ` +
      "token. Another caller's items are not found (404)."
    );
  }
  const owner = `the caller whose token \`sub\` is \`{${ownerRef.pathParam}}\``;
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

function describe(
  app: App,
  route: EntityRouteDescription,
  entity: AnyEntity,
): { summary: string; description: string } {
  const name = entity.name;
  const parent = entity.parent;
  const under = parent === undefined ? "" : ` of the ${parent.name} in the path`;
  let summary: string;
  let description: string;
  switch (route.operation) {
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
  return { summary, description: `${description}\n\n${accessSentence(app, route, ownerRefOf(entity))}` };
}

export function securityOf(route: RouteDescription): SecurityRequirementObject[] {
  return route.authorized ? [{ [securityScheme]: route.scopes }] : [];
}

export function entityOperation(app: App, route: EntityRouteDescription, entity: AnyEntity): OperationObject {
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

export function appOperation(route: AppRouteDescription): OperationObject {
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
          [mediaTypes.json]: {
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
