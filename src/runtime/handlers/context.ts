/** What an operation handler gets: the route, the parsed request, the caller, the resolved ids and the store. */
import type { AnyEntity, App, Route } from "../../model/index.js";
import type { Principal } from "../auth/principal.js";
import type { FileBucket } from "../files/bucket.js";
import type { HttpRequest } from "../http/request.js";
import type { Ids, Store } from "../store/index.js";

export interface OperationContext {
  readonly app: App;
  readonly route: Route;
  readonly entity: AnyEntity;
  readonly request: HttpRequest;
  readonly principal: Principal;
  readonly ids: Ids;
  readonly store: Store;
  /** The files bucket, for routes that reach it (file routes, deletes of items with files). */
  readonly bucket?: FileBucket;
}

/** The entity's ancestors' ids (the path minus the item's own id). */
export function parentIds(context: OperationContext): Ids {
  const { [context.entity.idParam]: _own, ...parents } = context.ids;
  return parents;
}

/**
 * The canonical path of an item, under the same stage prefix the request came in on (`/v1` on the
 * execute-api endpoint, none behind a custom domain mapping), for `Location`.
 */
export function itemLocation(context: OperationContext, ids: Readonly<Record<string, string>>): string {
  const routeSegments = context.route.path.split("/").length - 1;
  const rawSegments = context.request.rawPath.split("/");
  const prefix = rawSegments.slice(0, Math.max(1, rawSegments.length - routeSegments)).join("/");
  const path = context.entity.itemPath.replace(/\{([^}]+)\}/g, (_, name: string) =>
    encodeURIComponent(ids[name] ?? ""),
  );
  return `${prefix}${path}`;
}
