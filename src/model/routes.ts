/**
 * The route table: route key → operation → entity. API Gateway routes, the local gateway, the
 * Lambda entry points and the OpenAPI document are all built from this one table.
 */
import type { Access, AnyEntity, Operation } from "./define-entity.js";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Operations that are not about an entity. */
export type AppOperation = "health";

/** What every kind of route has. */
export interface RouteFacts {
  /** `"GET /users/{userId}"`, exactly as API Gateway's route key. */
  readonly routeKey: string;
  readonly method: HttpMethod;
  readonly path: string;
  readonly access: Access;
  /** Whether the JWT authorizer guards the route. */
  readonly authorized: boolean;
  /** Authorization scopes the gateway requires (the token needs at least one). */
  readonly scopes: readonly string[];
  /** A stable, readable id for the route's function: `"todos-create"`. */
  readonly functionName: string;
}

/** A route that runs one of an entity's operations. */
export interface EntityRoute extends RouteFacts {
  readonly kind: "entity";
  readonly operation: Operation;
  readonly entity: AnyEntity;
}

/** A route of the app itself (`GET /health`), about no entity. */
export interface AppRoute extends RouteFacts {
  readonly kind: "app";
  readonly operation: AppOperation;
  readonly entity: undefined;
}

/** Tagged by `kind`; file routes and custom routes will be kinds of their own. */
export type Route = EntityRoute | AppRoute;

const operationShape: Readonly<Record<Operation, { method: HttpMethod; on: "collection" | "item" }>> = {
  create: { method: "POST", on: "collection" },
  list: { method: "GET", on: "collection" },
  get: { method: "GET", on: "item" },
  replace: { method: "PUT", on: "item" },
  patch: { method: "PATCH", on: "item" },
  delete: { method: "DELETE", on: "item" },
};

/** The routes of one entity, in the order of `operations` (create, list, get, replace, patch, delete). */
export function entityRoutes(entity: AnyEntity, adminScope: string): EntityRoute[] {
  const routes: EntityRoute[] = [];
  for (const [operation, shape] of Object.entries(operationShape) as [
    Operation,
    (typeof operationShape)[Operation],
  ][]) {
    const access = entity.operations[operation];
    if (access === undefined) continue;
    const path = shape.on === "collection" ? entity.collectionPath : entity.itemPath;
    routes.push({
      kind: "entity",
      routeKey: `${shape.method} ${path}`,
      method: shape.method,
      path,
      operation,
      entity,
      access,
      authorized: access !== "public",
      // Only admin-only routes are guarded by scope at the gateway; owner-or-admin routes are
      // decided per item in the function, where the owner is known.
      scopes: access === "admin" ? [adminScope] : [],
      functionName: `${entity.collection}-${operation}`,
    });
  }
  return routes;
}

export const healthRoute: AppRoute = {
  kind: "app",
  routeKey: "GET /health",
  method: "GET",
  path: "/health",
  operation: "health",
  entity: undefined,
  access: "public",
  authorized: false,
  scopes: [],
  functionName: "health",
};

/** Entities stored under `ancestor`, at any depth (a user's todos): a delete sweeps them too. */
export function descendantsOf(entities: readonly AnyEntity[], ancestor: AnyEntity): AnyEntity[] {
  return entities.filter((entity) => {
    for (let parent = entity.parent; parent !== undefined; parent = parent.parent)
      if (parent === ancestor) return true;
    return false;
  });
}
