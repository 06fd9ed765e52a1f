/**
 * One entry point per kind of route: `export const handler = getRoute(app, "GET /accounts/{accountId}")`
 * is a whole Lambda function. Each imports only its own operation, so a function's bundle holds
 * only what its route runs: `GET /health` has no SDK client, a `GET` has no write code, and only a
 * list carries the cursor secret's Secrets Manager client.
 */
import { type AnyEntity, type App, descendantsOf, fileSlotsOf } from "../../model/index.js";
import type { Principal } from "../auth/principal.js";
import { createFileBucket, type FileBucket } from "../files/bucket.js";
import type { HttpResponse } from "../http/response.js";
import { cursorSecretFromEnvironment } from "../store/cursor-secret.js";
import { createStore, type Store, type StoreOptions } from "../store/index.js";
import { adapt, type LambdaHandler, type RouteOptions, type RouteRunner } from "./adapter.js";
import type { OperationContext } from "./context.js";
import { create } from "./operations/create.js";
import { deleteFile } from "./operations/files/delete-file.js";
import { download } from "./operations/files/download.js";
import { upload } from "./operations/files/upload.js";
import { list } from "./operations/list.js";
import { read } from "./operations/read.js";
import { remove } from "./operations/remove.js";
import { patch, replace } from "./operations/update.js";

/** What an entity or file operation runs, on the store (and bucket) its runner made. */
type Operation = (context: OperationContext) => Promise<HttpResponse>;

/** The runner of an entity or file operation: the adapter's request, with the entity and its clients. */
function operationRunner(run: Operation, store: Store, bucket?: FileBucket): RouteRunner {
  return (adapted) =>
    run({
      ...adapted,
      entity: adapted.route.entity as AnyEntity,
      // `authorize` refused every non-public route without a principal.
      principal: adapted.principal as Principal,
      store,
      ...(bucket === undefined ? {} : { bucket }),
    });
}

function runner(
  run: Operation,
  options: RouteOptions = {},
  storeOptions: StoreOptions = {},
): () => RouteRunner {
  return () => operationRunner(run, options.store ?? createStore(storeOptions));
}

/** A runner whose operation also reaches the files bucket. */
function bucketRunner(run: Operation, options: RouteOptions = {}): () => RouteRunner {
  return () => operationRunner(run, options.store ?? createStore(), options.bucket ?? createFileBucket());
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

/** `DELETE /<collection>/{id}`: with the bucket when the item or its descendants hold files. */
export function deleteRoute(app: App, routeKey: string, options?: RouteOptions): LambdaHandler {
  const route = app.route(routeKey);
  const holdsFiles =
    route.kind === "entity" &&
    fileSlotsOf([route.entity, ...descendantsOf(app.entities, route.entity)]).length > 0;
  return adapt(app, routeKey, "delete", holdsFiles ? bucketRunner(remove, options) : runner(remove, options));
}

/** `POST …/{slot}`: an upload ticket. */
export function uploadRoute(app: App, routeKey: string, options?: RouteOptions): LambdaHandler {
  return adapt(app, routeKey, "upload", bucketRunner(upload, options));
}

/** `GET …/{slot}` of a single-file slot: a redirect to the file. */
export function downloadRoute(app: App, routeKey: string, options?: RouteOptions): LambdaHandler {
  return adapt(app, routeKey, "download", bucketRunner(download, options));
}

/** `DELETE …/{slot}` of a single-file slot. */
export function deleteFileRoute(app: App, routeKey: string, options?: RouteOptions): LambdaHandler {
  return adapt(app, routeKey, "deleteFile", bucketRunner(deleteFile, options));
}

export type { FileBucket };
