/**
 * One entry point per kind of route: `export const handler = getRoute(app, "GET /users/{userId}")`
 * is a whole Lambda function. Each imports only its own operation, so a function's bundle holds
 * only what its route runs: `GET /health` has no SDK client, a `GET` has no write code, and only a
 * list carries the cursor secret's Secrets Manager client.
 */
import type { App } from "../../model/index.js";
import { cursorSecretFromEnvironment } from "../store/cursor-secret.js";
import { createStore, type StoreOptions } from "../store/index.js";
import { adapt, type LambdaHandler, type OperationRunner, type RouteOptions } from "./adapter.js";
import { create } from "./operations/create.js";
import { list } from "./operations/list.js";
import { read } from "./operations/read.js";
import { remove } from "./operations/remove.js";
import { patch, replace } from "./operations/update.js";

function runner(
  run: OperationRunner["run"],
  options: RouteOptions = {},
  storeOptions: StoreOptions = {},
): () => OperationRunner {
  return () => ({ run, store: options.store ?? createStore(storeOptions) });
}

/** `GET /health`. */
export function healthRoute(app: App, routeKey: string, _options?: RouteOptions): LambdaHandler {
  return adapt(app, routeKey, "health");
}

/** `POST /<collection>`. */
export function createRoute(app: App, routeKey: string, options?: RouteOptions): LambdaHandler {
  return adapt(app, routeKey, "create", runner(create, options));
}

/** `GET /<collection>`: signs its page cursors with the secret from the environment. */
export function listRoute(app: App, routeKey: string, options?: RouteOptions): LambdaHandler {
  return adapt(app, routeKey, "list", runner(list, options, { cursorSecret: cursorSecretFromEnvironment() }));
}

/** `GET /<collection>/{id}`. */
export function getRoute(app: App, routeKey: string, options?: RouteOptions): LambdaHandler {
  return adapt(app, routeKey, "get", runner(read, options));
}

/** `PUT /<collection>/{id}`. */
export function replaceRoute(app: App, routeKey: string, options?: RouteOptions): LambdaHandler {
  return adapt(app, routeKey, "replace", runner(replace, options));
}

/** `PATCH /<collection>/{id}`. */
export function patchRoute(app: App, routeKey: string, options?: RouteOptions): LambdaHandler {
  return adapt(app, routeKey, "patch", runner(patch, options));
}

/** `DELETE /<collection>/{id}`. */
export function deleteRoute(app: App, routeKey: string, options?: RouteOptions): LambdaHandler {
  return adapt(app, routeKey, "delete", runner(remove, options));
}
