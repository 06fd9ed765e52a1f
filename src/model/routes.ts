/**
 * The route table: route key → operation → entity. API Gateway routes, the local gateway, the
 * Lambda entry points and the OpenAPI document are all built from this one table.
 */
import type { Access, AnyEntity, Operation } from "./define-entity.js";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Operations that are not about an entity. */
export type AppOperation = "health";

export interface Route {
  /** `"GET /users/{userId}"`, exactly as API Gateway's route key. */
  readonly routeKey: string;
  readonly method: HttpMethod;
  readonly path: string;
  readonly operation: Operation | AppOperation;
  /** The entity the operation acts on; absent for app operations such as `health`. */
  readonly entity: AnyEntity | undefined;
  readonly access: Access;
  /** Whether the JWT authorizer guards the route. */
  readonly authorized: boolean;
  /** Authorization scopes the gateway requires (the token needs at least one). */
  readonly scopes: readonly string[];
  /** A stable, readable id for the route's function: `"todos-create"`. */
  readonly functionName: string;
}

const operationShape: Readonly<Record<Operation, { method: HttpMethod; on: "collection" | "item" }>> = {
  create: { method: "POST", on: "collection" },
  list: { method: "GET", on: "collection" },
  get: { method: "GET", on: "item" },
  replace: { method: "PUT", on: "item" },
  patch: { method: "PATCH", on: "item" },
  delete: { method: "DELETE", on: "item" },
};

/** The routes of one entity, in the order of `operations` (create, list, get, replace, patch, delete). */
export function entityRoutes(entity: AnyEntity, adminScope: string): Route[] {
  const routes: Route[] = [];
  for (const [operation, shape] of Object.entries(operationShape) as [
    Operation,
    (typeof operationShape)[Operation],
  ][]) {
    const access = entity.operations[operation];
    if (access === undefined) continue;
    const path = shape.on === "collection" ? entity.collectionPath : entity.itemPath;
    routes.push({
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

export const healthRoute: Route = {
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
