/**
 * The route table: route key → operation → entity. API Gateway routes, the local gateway, the
 * Lambda entry points and the OpenAPI document are all built from this one table.
 */
import type { Access, AnyEntity, Operation } from "./define-entity.js";
import type { CustomRouteDefinition } from "./define-route.js";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** Operations that are not about an entity. */
export type AppOperation = "health";

/** What every kind of route has. */
export interface RouteFacts {
  /** `"GET /accounts/{accountId}"`, exactly as API Gateway's route key. */
  readonly routeKey: string;
  readonly method: HttpMethod;
  readonly path: string;
  readonly access: Access;
  /** Whether the JWT authorizer guards the route. */
  readonly authorized: boolean;
  /** Authorization scopes the gateway requires (the token needs at least one). */
  readonly scopes: readonly string[];
  /** A stable, readable id for the route's function: `"notes-create"`. */
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

/**
 * What a file route does to one slot: hand out an upload ticket, redirect to the file, or delete it
 * (API.md, Files). Only a single-file slot (an avatar) can be read or deleted on its own.
 */
export type FileOperation = "upload" | "download" | "deleteFile";

/** A route on one file slot of an entity's item: `POST /accounts/{accountId}/picture`. */
export interface FileRoute extends RouteFacts {
  readonly kind: "file";
  readonly operation: FileOperation;
  readonly entity: AnyEntity;
  /** The slot's name (and the item's field): `"avatar"`. */
  readonly slot: string;
}

/**
 * A route no CRUD operation fits, served by the app's own handler module (`defineRoute`): its
 * body schema, owner parameter and declared permissions are in `custom`.
 */
export interface CustomRoute extends RouteFacts {
  readonly kind: "custom";
  readonly operation: "custom";
  readonly entity: undefined;
  readonly custom: CustomRouteDefinition;
}

/** Tagged by `kind`. */
export type Route = EntityRoute | FileRoute | AppRoute | CustomRoute;

/** A route about an entity's data: its CRUD and its files. */
export type DataRoute = EntityRoute | FileRoute;

/**
 * What the gateway checks for a route of this access: a token unless public, and a scope only for
 * admin-only routes; owner-or-admin routes are decided in the function, where the owner is known.
 */
function gatewayGuard(access: Access, adminScope: string): Pick<RouteFacts, "authorized" | "scopes"> {
  return { authorized: access !== "public", scopes: access === "admin" ? [adminScope] : [] };
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
      ...gatewayGuard(access, adminScope),
      functionName: `${entity.collection}-${operation}`,
    });
  }
  return routes;
}

/**
 * Each file operation's method, who may call it and the last word of its function's name. An owned
 * item's files are its owner's to upload and delete, and an admin may read them; an item without an
 * owner (a device's firmware) has its files uploaded and deleted by admins, read by any caller.
 */
const fileOperationShape: Readonly<
  Record<
    FileOperation,
    { method: HttpMethod; owned: Access; unowned: Access; verb: string; multiple: boolean }
  >
> = {
  upload: { method: "POST", owned: "owner", unowned: "admin", verb: "upload", multiple: true },
  download: { method: "GET", owned: "ownerOrAdmin", unowned: "authenticated", verb: "get", multiple: false },
  deleteFile: { method: "DELETE", owned: "owner", unowned: "admin", verb: "delete", multiple: false },
};

/** The routes of an entity's file slots: upload for each, read and delete for single-file slots. */
export function fileRoutes(entity: AnyEntity, adminScope: string): FileRoute[] {
  const routes: FileRoute[] = [];
  for (const [slot, { multiple }] of Object.entries(entity.files)) {
    const path = `${entity.itemPath}/${slot}`;
    for (const [operation, shape] of Object.entries(fileOperationShape) as [
      FileOperation,
      (typeof fileOperationShape)[FileOperation],
    ][]) {
      if (multiple && !shape.multiple) continue;
      routes.push({
        kind: "file",
        routeKey: `${shape.method} ${path}`,
        method: shape.method,
        path,
        operation,
        entity,
        slot,
        // A creator's files, like the rest of their items, are theirs alone: no admin path reaches them.
        access: entity.creator !== undefined ? "owner" : entity.owned ? shape.owned : shape.unowned,
        authorized: true,
        scopes: !entity.owned && shape.unowned === "admin" ? [adminScope] : [],
        functionName: `${entity.collection}-${slot}-${shape.verb}`,
      });
    }
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

/** The route of a custom route's definition. */
export function customRoute(definition: CustomRouteDefinition, adminScope: string): CustomRoute {
  return {
    kind: "custom",
    routeKey: definition.routeKey,
    method: definition.method,
    path: definition.path,
    operation: "custom",
    entity: undefined,
    custom: definition,
    access: definition.access,
    ...gatewayGuard(definition.access, adminScope),
    functionName: definition.functionName,
  };
}

/** Entities stored under `ancestor`, at any depth (an account's notes): a delete sweeps them too. */
export function descendantsOf(entities: readonly AnyEntity[], ancestor: AnyEntity): AnyEntity[] {
  return entities.filter((entity) => {
    for (let parent = entity.parent; parent !== undefined; parent = parent.parent)
      if (parent === ancestor) return true;
    return false;
  });
}
