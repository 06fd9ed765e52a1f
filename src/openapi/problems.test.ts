/**
 * The document's problem examples are the runtime's own answers: each is compared with what the
 * runtime code that answers that case returns, so a message edited in the runtime (or written
 * inline there again) cannot leave the docs saying something else.
 */
import { describe, expect, it } from "vitest";
import { testApp as app } from "../../test/support/store-entities.js";
import type { AnyEntity, EntityRoute, Route } from "../model/index.js";
import { authorize } from "../runtime/auth/access.js";
import { errorToProblem } from "../runtime/handlers/error-to-problem.js";
import { readJsonObject } from "../runtime/http/body.js";
import { type HttpProblem, mediaTypes, type ProblemDetails } from "../runtime/index.js";
import {
  AlreadyExistsError,
  IdempotencyKeyReusedError,
  ItemNotFoundError,
  ParentNotFoundError,
  StoreUnavailableError,
  UniqueValueTakenError,
  VersionMismatchError,
} from "../runtime/store/index.js";
import type { PathItemMethod, ResponseObject } from "./index.js";
import { openApiDocument } from "./index.js";

const document = openApiDocument(app);

/** The problem example `slug` of a route's `status` response, or `undefined` when it has none. */
function documented(route: Route, status: string, slug: string): ProblemDetails | undefined {
  const operation = document.paths[route.path]?.[route.method.toLowerCase() as PathItemMethod];
  const response = operation?.responses[status] as ResponseObject | undefined;
  const example = response?.content?.[mediaTypes.problem]?.examples?.[slug];
  return example?.value as ProblemDetails | undefined;
}

function thrown(run: () => void): HttpProblem {
  try {
    run();
  } catch (error) {
    return error as HttpProblem;
  }
  throw new Error("Nothing was thrown.");
}

const entityRoutes = app.routes.filter((route): route is EntityRoute => route.kind === "entity");
const named = (routes: readonly Route[]) => routes.map((route) => [route.routeKey, route] as const);

describe("the document's problem examples", () => {
  it.each(named(entityRoutes.filter((route) => route.access === "owner" || route.access === "ownerOrAdmin")))(
    "%s: the 403 is authorize()'s for another caller's id",
    (_, route) => {
      const entity = route.entity as AnyEntity;
      const principal = { subject: "alice", scopes: new Set<string>() };
      const problem = thrown(() =>
        authorize(route, principal, { [entity.ownerParam]: "bob" }, app.auth.adminScope),
      );
      expect(documented(route, "403", "forbidden")).toEqual(problem.toJSON());
    },
  );

  it.each(named(entityRoutes.filter((route) => documented(route, "400", "bad-request") !== undefined)))(
    "%s: the 400 for a body that is not JSON is the body reader's",
    (_, route) => {
      const problem = thrown(() => readJsonObject(Buffer.from("{")));
      expect(documented(route, "400", "bad-request")).toEqual(problem.toJSON());
    },
  );

  it.each(named(entityRoutes.filter((route) => documented(route, "404", "not-found") !== undefined)))(
    "%s: the 404 is the error handler's for the missing item or parent",
    (_, route) => {
      const entity = route.entity as AnyEntity;
      const onCollection = route.operation === "create" || route.operation === "list";
      const error =
        onCollection && entity.parent !== undefined
          ? new ParentNotFoundError(entity.parent.name)
          : new ItemNotFoundError(entity.name);
      expect(documented(route, "404", "not-found")).toEqual(errorToProblem(error, entity).toJSON());
    },
  );

  it.each(named(entityRoutes.filter((route) => documented(route, "409", "conflict") !== undefined)))(
    "%s: each 409 is the error handler's for an existing item or a taken unique value",
    (_, route) => {
      const entity = route.entity as AnyEntity;
      const operation = document.paths[route.path]?.[route.method.toLowerCase() as PathItemMethod];
      const response = operation?.responses["409"] as ResponseObject;
      const examples = Object.values(response.content?.[mediaTypes.problem]?.examples ?? {});
      const expected = [
        ...(route.operation === "create" && entity.idSource === "subject"
          ? [new AlreadyExistsError(entity.name)]
          : []),
        ...entity.unique.map((field) => new UniqueValueTakenError(entity.name, field)),
      ].map((error) => errorToProblem(error, entity).toJSON());
      expect(examples.map((example) => example.value)).toEqual(expected);
    },
  );

  it.each(
    named(entityRoutes.filter((route) => documented(route, "412", "precondition-failed") !== undefined)),
  )("%s: the 412 is the error handler's for a stale If-Match", (_, route) => {
    const entity = route.entity as AnyEntity;
    const error = new VersionMismatchError(entity.name, { incarnation: "q3Vt0bE9xK2a", version: 3 });
    expect(documented(route, "412", "precondition-failed")).toEqual(errorToProblem(error, entity).toJSON());
  });

  it.each(
    named(entityRoutes.filter((route) => documented(route, "422", "unprocessable-content") !== undefined)),
  )("%s: the 422 is the error handler's for a reused Idempotency-Key", (_, route) => {
    const problem = errorToProblem(new IdempotencyKeyReusedError(), route.entity as AnyEntity);
    expect(documented(route, "422", "unprocessable-content")).toEqual(problem.toJSON());
  });

  it("the 500 and 503 are the error handler's for an unknown error and an unavailable store", () => {
    const route = entityRoutes[0] as Route;
    expect(documented(route, "500", "internal-error")).toEqual(
      errorToProblem(new Error("x"), undefined).toJSON(),
    );
    expect(documented(route, "503", "service-unavailable")).toEqual(
      errorToProblem(new StoreUnavailableError(1, undefined), undefined).toJSON(),
    );
  });
});
