/**
 * The shared Lambda adapter behind every route's handler: it turns the payload 2.0 event into a
 * request, checks access, runs the route's operation and turns the result, or any error, into a
 * payload 2.0 response, with one log line and one set of metrics per request.
 */
import type { Context } from "aws-lambda";
import { type App, DefinitionError, type Route } from "../../model/index.js";
import { authorize, resolveIds } from "../auth/access.js";
import type { Principal } from "../auth/principal.js";
import type { FileBucket } from "../files/bucket.js";
import type { HttpProblem } from "../http/problems.js";
import { type HttpApiEvent, type HttpRequest, parseRequest } from "../http/request.js";
import { type HttpResponse, jsonResponse, problemResponse, withConventionHeaders } from "../http/response.js";
import { logger } from "../log.js";
import { recordRequest } from "../metrics.js";
import type { Ids, Store } from "../store/index.js";
import { errorToProblem } from "./error-to-problem.js";

export type LambdaHandler = (event: HttpApiEvent, context?: Partial<Context>) => Promise<HttpResponse>;

export interface RouteOptions {
  /** @default - a store from the environment (`PORTICO_TABLE_NAME`), made once per container */
  readonly store?: Store;
  /** @default - the bucket from the environment (`PORTICO_BUCKET_NAME`), for routes that reach it */
  readonly bucket?: FileBucket;
}

/**
 * What the adapter hands a route once the request is parsed, the ids resolved and the caller
 * allowed: the route's own runner (an entity operation, a file operation, a custom handler) takes
 * it from there.
 */
export interface AdaptedRequest {
  readonly app: App;
  readonly route: Route;
  readonly request: HttpRequest;
  /** Absent only on a public route called without a token. */
  readonly principal: Principal | undefined;
  /** The path's ids, with `me` resolved to the caller in the owner's parameter. */
  readonly ids: Ids;
}

/**
 * Runs a route's work. Made once per container, outside the handler (its store and bucket
 * clients with it), so warm invocations reuse them.
 */
export type RouteRunner = (adapted: AdaptedRequest) => Promise<HttpResponse>;

/** The operation the adapter was asked for, checked against the route's own. */
export type AdaptedOperation = Route["operation"];

/**
 * Who a log line is about. Passed with each line rather than appended to the shared logger: a
 * container may run several requests at once (the local sandboxes do).
 */
interface RequestKeys {
  readonly requestId: string | undefined;
  readonly routeKey: string;
  readonly awsRequestId?: string;
}

function logFailure(keys: RequestKeys, problem: HttpProblem, error: unknown): void {
  if (problem.status >= 500) {
    logger().error("request failed", { ...keys, status: problem.status, error: error as Error });
  } else {
    logger().info("request refused", { ...keys, status: problem.status, code: problem.code });
  }
}

/** The route with this key, refused at init when it is not the operation the entry point serves. */
function routeFor(app: App, routeKey: string, operation: AdaptedOperation): Route {
  const definition = app.route(routeKey);
  if (definition.operation !== operation) {
    throw new DefinitionError(
      `Route "${routeKey}" is a ${definition.operation} route, not a ${operation} route: export its handler with the ${definition.operation} entry point.`,
    );
  }
  return definition;
}

async function dispatch(
  app: App,
  route: Route,
  request: HttpRequest,
  runner: RouteRunner | undefined,
): Promise<HttpResponse> {
  if (route.kind === "app" || runner === undefined) return jsonResponse(200, { status: "ok" });
  const ids = resolveIds(route, request.pathParameters, request.principal);
  authorize(route, request.principal, ids, app.auth.adminScope);
  return runner({ app, route, request, principal: request.principal, ids });
}

/**
 * The handler for one route. `runner` makes the route's runner (and its clients) and is absent for
 * app routes (health), which touch no store, so their bundles carry no SDK client.
 */
export function adapt(
  app: App,
  routeKey: string,
  operation: AdaptedOperation,
  runner?: () => RouteRunner,
): LambdaHandler {
  const definition = routeFor(app, routeKey, operation);
  const operationRunner = runner?.();
  // Only GET /health carries no account's data; everything else is no-store.
  const conventions = { cacheable: definition.operation === "health" };
  return async (event, context) => {
    const started = performance.now();
    const keys: RequestKeys = {
      requestId: event.requestContext?.requestId,
      routeKey,
      ...(context?.awsRequestId ? { awsRequestId: context.awsRequestId } : {}),
    };
    let response: HttpResponse;
    try {
      response = await dispatch(app, definition, parseRequest(event), operationRunner);
      // One line per request, carrying API Gateway's request id (the client's apigw-requestid).
      logger().info("request handled", { ...keys, status: response.statusCode });
    } catch (error) {
      const problem = errorToProblem(error, definition.entity);
      logFailure(keys, problem, error);
      response = problemResponse(problem);
    }
    recordRequest(routeKey, response.statusCode, performance.now() - started);
    return withConventionHeaders(response, conventions);
  };
}
