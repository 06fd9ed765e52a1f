/**
 * `route(app, routeKey)`: the handler of any route, whatever its operation. Convenient for tests
 * and tools; a function's entry module uses its operation's own entry point (`getRoute`, …) so
 * that its bundle carries only that operation.
 */
import { type App, DefinitionError, functionEntry, type Route } from "../../model/index.js";
import type { LambdaHandler, RouteOptions } from "./adapter.js";
import {
  createRoute,
  deleteFileRoute,
  deleteRoute,
  downloadRoute,
  getRoute,
  healthRoute,
  listRoute,
  patchRoute,
  replaceRoute,
  uploadRoute,
} from "./entry-points.js";

export type { LambdaHandler, RouteOptions } from "./adapter.js";

type EntryPoint = (app: App, routeKey: string, options?: RouteOptions) => LambdaHandler;

/** The entry point that serves each operation; a custom route's is the app's own module. */
export const entryPoints: Readonly<Record<Exclude<Route["operation"], "custom">, EntryPoint>> = {
  health: healthRoute,
  create: createRoute,
  list: listRoute,
  get: getRoute,
  replace: replaceRoute,
  patch: patchRoute,
  delete: deleteRoute,
  upload: uploadRoute,
  download: downloadRoute,
  deleteFile: deleteFileRoute,
};

/** The Lambda handler for one route of the app. */
export function route(app: App, routeKey: string, options: RouteOptions = {}): LambdaHandler {
  const definition = app.route(routeKey);
  if (definition.operation === "custom") {
    throw new DefinitionError(
      `Route "${routeKey}" is a custom route, served by the app's own ${functionEntry(definition.functionName)}: ` +
        "call customRoute(app, routeKey, handler, options) with its handler instead.",
    );
  }
  return entryPoints[definition.operation](app, routeKey, options);
}
