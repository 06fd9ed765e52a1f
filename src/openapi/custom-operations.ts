/**
 * The operation of a custom route (`defineRoute`): its summary and who may call it, its path
 * parameters, its JSON body (the definition's own schema, as a component), and the statuses the
 * adapter itself can answer around the app's code; what the code answers is the app's to document.
 */
import * as z from "zod";
import type { App, CustomRoute, CustomRouteDescription } from "../model/index.js";
import {
  BadRequestProblem,
  fieldMessages,
  mediaTypes,
  problemCatalogue as problems,
  UnsupportedMediaTypeProblem,
  ValidationProblem,
} from "../runtime/index.js";
import { responseHeaders } from "./headers.js";
import { operationIdOf, ref } from "./names.js";
import { accessSentence, securityOf } from "./operations.js";
import { ownerParameter, pathParameter } from "./parameters.js";
import { anyProblem, forbiddenResponse } from "./problem-responses.js";
import {
  failureResponses,
  problemContent,
  problemResponse,
  type Responses,
  sortedResponses,
} from "./responses.js";
import { embedSchema } from "./schemas.js";
import type { OperationObject, SchemaObject } from "./types.js";

/** `"counters-increment"` → `"CountersIncrementBody"`. */
function bodySchemaName(route: CustomRouteDescription): string {
  const id = operationIdOf(route);
  return `${id.charAt(0).toUpperCase()}${id.slice(1)}Body`;
}

/** The definition behind a described custom route: its body schema is not plain data. */
function definitionOf(app: App, route: CustomRouteDescription): CustomRoute["custom"] {
  return (app.route(route.routeKey) as CustomRoute).custom;
}

/** The components a custom route adds: its body's schema (and its `$defs`). */
export function customSchemas(app: App, route: CustomRouteDescription): [string, SchemaObject][] {
  const body = definitionOf(app, route).body;
  if (body === undefined) return [];
  return embedSchema(bodySchemaName(route), z.toJSONSchema(body, { io: "input" }));
}

export function customOperation(app: App, route: CustomRouteDescription): OperationObject {
  const definition = definitionOf(app, route);
  const parameters = definition.pathParams.map((param) =>
    param === route.owner ? ownerParameter(param) : pathParameter(param, `The route's \`${param}\`.`),
  );
  const responses: Responses = {
    "2XX": { description: "The route's own answer.", headers: responseHeaders() },
  };
  if (route.body) {
    responses["400"] = {
      description:
        "The body is not JSON, not an object, or does not match the route's schema (each field named).",
      headers: responseHeaders(),
      content: problemContent(
        [
          new ValidationProblem([{ path: "field", message: fieldMessages.required }]),
          new BadRequestProblem(problems.badRequest.details.bodyNotJson),
        ],
        anyProblem,
      ),
    };
    responses["413"] = ref("responses", "PayloadTooLarge");
    responses["415"] = problemResponse("The body is not declared as JSON (`Content-Type`).", [
      new UnsupportedMediaTypeProblem(false),
    ]);
  }
  if (route.authorized) responses["401"] = ref("responses", "Unauthorized");
  const forbidden = forbiddenResponse(app, route, { pathParam: route.owner ?? "" });
  if (forbidden !== undefined) responses["403"] = forbidden;
  responses["429"] = ref("responses", "TooManyRequests");
  const description = [route.description, accessSentence(app, route, { pathParam: route.owner ?? "" })]
    .filter((part) => part !== undefined)
    .join("\n\n");
  return {
    operationId: operationIdOf(route),
    summary: route.summary,
    description,
    tags: ["custom"],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.body
      ? {
          requestBody: {
            description: "JSON, checked against this schema before the route's code runs.",
            required: true,
            content: { [mediaTypes.json]: { schema: ref("schemas", bodySchemaName(route)) } },
          },
        }
      : {}),
    responses: sortedResponses({ ...responses, ...failureResponses(true) }),
    security: securityOf(route),
  };
}
