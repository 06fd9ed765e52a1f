/**
 * `customRoute(app, routeKey, handler)`: the Lambda handler of a route the app declared with
 * `defineRoute`, around the app's own code. The same adapter as every other route parses the
 * event, checks access (`me` resolved in the owner's parameter), logs one line and turns thrown
 * problems into RFC 9457 responses (anything else into the opaque 500); before the handler runs,
 * a declared body is read as JSON and checked against its schema (415, 400 naming each field).
 * The handler gets the table's client only when the route declares table permissions, and the
 * bucket only when it declares files ones (each made on first use): nothing else is made, or sent.
 */
import type { App, CustomRoute } from "../../model/index.js";
import type { Principal } from "../auth/principal.js";
import { createFileBucket, type FileBucket } from "../files/bucket.js";
import { readJsonBody } from "../http/body.js";
import type { HttpRequest } from "../http/request.js";
import type { HttpResponse } from "../http/response.js";
import { logger } from "../log.js";
import { createStore, type Store, StoreUnavailableError } from "../store/index.js";
import { transientRetryAfter } from "../store/send.js";
import { type AdaptedRequest, adapt, type LambdaHandler, type RouteOptions } from "./adapter.js";
import { validateWithSchema } from "./validation.js";

/** Log lines of one request: each carries API Gateway's request id and the route key. */
export interface RequestLog {
  debug(message: string, extra?: Readonly<Record<string, unknown>>): void;
  info(message: string, extra?: Readonly<Record<string, unknown>>): void;
  warn(message: string, extra?: Readonly<Record<string, unknown>>): void;
  error(message: string, extra?: Readonly<Record<string, unknown>>): void;
}

/** What a custom route's handler gets. */
export interface CustomRequest<Body> {
  /** The JSON body, checked against the route's `body` schema; `undefined` when it declares none. */
  readonly body: Body;
  /** The path's parameters, `me` already the caller's `sub` in the owner's parameter. */
  readonly params: Readonly<Record<string, string>>;
  /** The caller; absent only on a public route called without a token. */
  readonly principal: Principal | undefined;
  /** Headers, query and the raw body, as the adapter parsed them. */
  readonly request: HttpRequest;
  readonly log: RequestLog;
  /** The app's table; only for a route that declares table permissions (else this throws). */
  readonly store: Store;
  /** The files bucket; only for a route that declares files permissions (else this throws). */
  readonly bucket: FileBucket;
}

/** The app's own code for a custom route: a response (`jsonResponse`, `emptyResponse`), or a thrown problem. */
export type CustomHandler<Body = unknown> = (request: CustomRequest<Body>) => Promise<HttpResponse>;

/** A route's handler reaching a client its definition does not declare: a bug in the app, found at once. */
class UndeclaredPermissionError extends Error {
  override readonly name = "UndeclaredPermissionError";
}

function undeclared(route: CustomRoute, client: "store" | "bucket"): never {
  const needed =
    client === "store" ? 'permissions.table (like ["GetItem"])' : 'permissions.files (like ["s3:GetObject"])';
  throw new UndeclaredPermissionError(
    `Custom route "${route.routeKey}" uses its ${client}, but declares no ${client === "store" ? "table" : "files"} permissions: add ${needed} to its defineRoute.`,
  );
}

function requestLog(adapted: AdaptedRequest): RequestLog {
  const keys = { requestId: adapted.request.requestId, routeKey: adapted.route.routeKey };
  return {
    debug: (message, extra) => logger().debug(message, { ...keys, ...extra }),
    info: (message, extra) => logger().info(message, { ...keys, ...extra }),
    warn: (message, extra) => logger().warn(message, { ...keys, ...extra }),
    error: (message, extra) => logger().error(message, { ...keys, ...extra }),
  };
}

/**
 * The handler of a custom route: `export const handler = customRoute(app, "POST /counters/{counterId}/increment", async (request) => …)`.
 * `options` inject the store and bucket (tests); by default they come from the environment, made once per container.
 */
export function customRoute<Body = unknown>(
  app: App,
  routeKey: string,
  handler: CustomHandler<Body>,
  options: RouteOptions = {},
): LambdaHandler {
  return adapt(app, routeKey, "custom", () => {
    const route = app.route(routeKey) as CustomRoute;
    const { table, indexes, files } = route.custom.permissions;
    const reachesTable = table.length > 0 || indexes.length > 0;
    // Made on first use, once per container: importing the module reads no environment.
    let store = options.store;
    let bucket = options.bucket;
    const storeOf = (): Store => {
      if (!reachesTable) return undeclared(route, "store");
      store ??= createStore();
      return store;
    };
    const bucketOf = (): FileBucket => {
      if (files.length === 0) return undeclared(route, "bucket");
      bucket ??= createFileBucket();
      return bucket;
    };
    const schema = route.custom.body;
    return async (adapted) => {
      const body =
        schema === undefined ? undefined : validateWithSchema(schema, readJsonBody(adapted.request));
      const request: CustomRequest<Body> = {
        body: body as Body,
        params: adapted.ids,
        principal: adapted.principal,
        request: adapted.request,
        log: requestLog(adapted),
        get store() {
          return storeOf();
        },
        get bucket() {
          return bucketOf();
        },
      };
      try {
        return await handler(request);
      } catch (error) {
        // The app's code sends with the SDK itself: throttling, server faults and network failures
        // that outlived the SDK's retries are a 503 with Retry-After, as the store's own are.
        const retryAfter = transientRetryAfter(error);
        throw retryAfter === undefined ? error : new StoreUnavailableError(retryAfter, error);
      }
    };
  });
}
