/**
 * The shared Lambda adapter: `export const handler = route(app, "GET /users/{userId}")` is a whole
 * function. It turns the payload 2.0 event into a request, checks access, runs the route's
 * operation and turns the result, or any error, into a payload 2.0 response.
 */
import type { Context } from "aws-lambda";
import type { App, Route } from "../../model/index.js";
import { authorize, resolveIds } from "../auth/access.js";
import type { HttpProblem } from "../http/problems.js";
import { type HttpApiEvent, type HttpRequest, parseRequest } from "../http/request.js";
import { type HttpResponse, jsonResponse, problemResponse, withConventionHeaders } from "../http/response.js";
import { logger } from "../log.js";
import { createStore, type Store } from "../store/index.js";
import type { OperationContext } from "./context.js";
import { errorToProblem } from "./error-to-problem.js";
import { create } from "./operations/create.js";
import { list } from "./operations/list.js";
import { read } from "./operations/read.js";
import { remove } from "./operations/remove.js";
import { patch, replace } from "./operations/update.js";

export type LambdaHandler = (event: HttpApiEvent, context?: Partial<Context>) => Promise<HttpResponse>;

export interface RouteOptions {
  /** @default - a store from the environment (`PORTICO_TABLE_NAME`, `PORTICO_CURSOR_SECRET`), made once per container */
  readonly store?: Store;
}

const operationHandlers = { create, list, get: read, replace, patch, delete: remove } as const;

async function dispatch(
  app: App,
  route: Route,
  request: HttpRequest,
  store: Store | undefined,
): Promise<HttpResponse> {
  if (route.kind === "app") return jsonResponse(200, { status: "ok" });
  const ids = resolveIds(route, request.pathParameters, request.principal);
  authorize(route, request.principal, ids, app.auth.adminScope);
  const context: OperationContext = {
    app,
    route,
    entity: route.entity,
    request,
    // `authorize` refused every non-public route without a principal.
    principal: request.principal as NonNullable<HttpRequest["principal"]>,
    ids,
    store: store as Store,
  };
  return operationHandlers[route.operation](context);
}

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

/** The Lambda handler for one route of the app. */
export function route(app: App, routeKey: string, options: RouteOptions = {}): LambdaHandler {
  const definition = app.route(routeKey);
  // Created once per container, outside the handler, so warm invocations reuse the client.
  const store = definition.kind === "app" ? undefined : (options.store ?? createStore());
  // Only GET /health carries no account's data; everything else is no-store.
  const conventions = { cacheable: definition.operation === "health" };
  return async (event, context) => {
    const keys: RequestKeys = {
      requestId: event.requestContext?.requestId,
      routeKey,
      ...(context?.awsRequestId ? { awsRequestId: context.awsRequestId } : {}),
    };
    try {
      const response = await dispatch(app, definition, parseRequest(event), store);
      // One line per request, carrying API Gateway's request id (the client's apigw-requestid).
      logger().info("request handled", { ...keys, status: response.statusCode });
      return withConventionHeaders(response, conventions);
    } catch (error) {
      const problem = errorToProblem(error, definition.entity);
      logFailure(keys, problem, error);
      return withConventionHeaders(problemResponse(problem), conventions);
    }
  };
}
