/**
 * The problems a function can answer an entity operation with (400, 403, 404, 409, 412, 422),
 * beside the gateway's own errors. Each example is a real problem of the runtime, built with the
 * catalogue's detail for that case, so editing a message in the runtime edits the docs too.
 */
import type { AnyEntity, App, EntityRouteDescription, Operation, RouteDescription } from "../model/index.js";
import {
  BadRequestProblem,
  type ConditionalHeader,
  ConflictProblem,
  entityNoun,
  ForbiddenProblem,
  fieldMessages,
  gatewayErrors,
  maxEntityTags,
  maxPageSize,
  NotFoundProblem,
  PreconditionFailedProblem,
  problemCatalogue as problems,
  tooManyEntityTags,
  UnprocessableContentProblem,
  ValidationProblem,
} from "../runtime/index.js";
import { etagHeader, exampleEtag, responseHeaders } from "./headers.js";
import { hasBody, ref, schemaNames } from "./names.js";
import { type OwnerRef, ownerRefOf } from "./owner-ref.js";
import {
  failureResponses,
  gatewayContent,
  problemContent,
  problemResponse,
  type Responses,
  sortedResponses,
  successResponses,
} from "./responses.js";
import type { ResponseObject } from "./types.js";

/** The conditional-request header an operation honours, if any (see `headerParameters`). */
function conditionalHeaderOf(operation: Operation): ConditionalHeader | undefined {
  if (operation === "get") return "If-None-Match";
  return operation === "replace" || operation === "patch" || operation === "delete" ? "If-Match" : undefined;
}

/** A 400 is a validation problem (naming fields) or a plain one (a body that is not JSON). */
export const anyProblem = {
  anyOf: [ref("schemas", schemaNames.validationProblem), ref("schemas", schemaNames.problem)],
};

function badRequestResponse(operation: Operation, entity: AnyEntity): ResponseObject {
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
        [new ValidationProblem([{ path: "limit", message: fieldMessages.integerRange(1, maxPageSize) }])],
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
          { path: requiredField?.name ?? "field", message: fieldMessages.required },
          { path: entity.readOnlyFields[0] ?? "version", message: fieldMessages.readOnly },
        ]),
        new BadRequestProblem(problems.badRequest.details.bodyNotJson),
      ],
      anyProblem,
    ),
  };
}

/** 403 comes from the gateway for a missing scope, and from the function for someone else's data. */
export function forbiddenResponse(
  app: App,
  route: Pick<RouteDescription, "access" | "scopes">,
  ownerRef: OwnerRef,
): ResponseObject | undefined {
  // A creator's items are keyed by the caller's own sub: another caller's are not found, never 403.
  if ("creator" in ownerRef) return undefined;
  const ownerParam = ownerRef.pathParam;
  const scoped = route.scopes.length > 0;
  const owned = route.access === "owner" || route.access === "ownerOrAdmin";
  if (!scoped && !owned) return undefined;
  const others = `The \`${ownerParam}\` in the path is another caller's`;
  const reasons = [
    scoped ? `The token lacks the scope ${route.scopes.join(" or ")} (the gateway's error).` : "",
    route.access === "owner" ? `${others} (a problem).` : "",
    route.access === "ownerOrAdmin"
      ? `${others} and the token lacks ${app.auth.adminScope} (a problem).`
      : "",
  ];
  const { details } = problems.forbidden;
  const problem = new ForbiddenProblem(route.access === "owner" ? details.ownerOnly : details.ownerOrAdmin);
  return {
    description: reasons.filter((reason) => reason !== "").join(" "),
    headers: responseHeaders(),
    content: {
      ...(owned ? problemContent([problem], ref("schemas", schemaNames.problem)) : {}),
      ...(scoped ? gatewayContent(gatewayErrors.forbidden.message) : {}),
    },
  };
}

function notFoundResponse(
  route: EntityRouteDescription,
  operation: Operation,
  entity: AnyEntity,
): ResponseObject | undefined {
  if (!route.path.includes("{")) return undefined;
  const parent = entity.parent;
  const onCollection = operation === "create" || operation === "list";
  // As the runtime names them: a missing parent by its name, the item itself by its noun.
  const subject = onCollection && parent !== undefined ? parent.name : entityNoun(entity);
  return problemResponse(
    operation === "create" && parent !== undefined
      ? `The ${parent.name} in the path does not exist.`
      : `No ${subject} matches this path.`,
    [new NotFoundProblem(problems.notFound.details.missing(subject))],
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
  const { details } = problems.conflict;
  const noun = entityNoun(entity);
  return problemResponse(`Conflict: ${reasons.join(", or ")}.`, [
    ...(exists ? [new ConflictProblem(details.exists(noun))] : []),
    ...unique.map((field) => new ConflictProblem(details.uniqueTaken(field, noun))),
  ]);
}

export function entityResponses(app: App, route: EntityRouteDescription, entity: AnyEntity): Responses {
  const operation = route.operation as Operation;
  const name = entity.name;
  const responses: Responses = { ...successResponses(operation, entity) };
  responses["400"] = badRequestResponse(operation, entity);
  if (route.authorized) responses["401"] = ref("responses", "Unauthorized");
  const forbidden = forbiddenResponse(app, route, ownerRefOf(entity));
  if (forbidden !== undefined) responses["403"] = forbidden;
  const notFound = notFoundResponse(route, operation, entity);
  if (notFound !== undefined) responses["404"] = notFound;
  const conflict = conflictResponse(operation, entity);
  if (conflict !== undefined) responses["409"] = conflict;
  if (operation === "replace" || operation === "patch" || operation === "delete") {
    responses["412"] = problemResponse(
      `\`If-Match\` does not hold the ${name}'s current ETag; nothing was changed. ` +
        "The `ETag` header gives the current one.",
      [new PreconditionFailedProblem(entityNoun(entity), exampleEtag)],
      etagHeader,
    );
  }
  if (hasBody(operation)) responses["413"] = ref("responses", "PayloadTooLarge");
  if (operation === "create" && entity.idempotentCreate) {
    responses["422"] = problemResponse("This Idempotency-Key was already used with a different body.", [
      new UnprocessableContentProblem(problems.unprocessableContent.details.idempotencyKeyReused),
    ]);
  }
  responses["429"] = ref("responses", "TooManyRequests");
  return sortedResponses({ ...responses, ...failureResponses(true) });
}
