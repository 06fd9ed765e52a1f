/**
 * The local API Gateway: a `node:http` request listener that takes each request through the same
 * decisions as an HTTP API stage, in AWS's order — size limits, stage, CORS preflight, route,
 * throttle, JWT authorizer, Lambda proxy integration (payload 2.0) — and answers in AWS's forms.
 * Whenever it answers 5xx for a function, it says why: on stderr in full, and in the access log.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { gatewayErrors, localHost, megabytes, PorticoError } from "../../runtime/index.js";
import { noSniffHeader } from "../own-response-headers.js";
import type { AuthorizerDecision, JwtAuthorizer } from "./authorizer.js";
import { type Cors, type CorsConfig, createCors } from "./cors.js";
import { buildEvent, decodePath, joinedHeader } from "./event.js";
import {
  type Failure,
  firstLine,
  type Invoker,
  integrationResponse,
  invokeWithin,
  whenAborted,
} from "./integration.js";
import {
  maxEventBytes,
  maxIntegrationTimeoutMs,
  maxRequestHeadBytes,
  minIntegrationTimeoutMs,
  requestHeadBytes,
} from "./limits.js";
import { recordInvocation } from "./record-events.js";
import { RequestTooLargeError, readBody } from "./request-body.js";
import { newRequestId } from "./request-id.js";
import { type GatewayResponse, gatewayError, send } from "./response.js";
import { createRouter, splitStage } from "./router.js";
import { createThrottle, type ThrottleConfig } from "./throttle.js";

export { answerClientError } from "./client-error.js";
export type { Invoker } from "./integration.js";

export interface GatewayRoute {
  readonly routeKey: string;
  readonly functionName: string;
  /** The JWT authorizer guards the route. */
  readonly authorized: boolean;
  /** Authorization scopes; the token needs at least one. */
  readonly scopes: readonly string[];
  /** Resolves when what the function depends on (the database) is up; awaited before invoking. */
  readonly ready?: () => Promise<void>;
}

export interface GatewayOptions {
  readonly stage: string;
  readonly routes: readonly GatewayRoute[];
  readonly invoker: Invoker;
  /** Required when a route is authorized. */
  readonly authorizer?: JwtAuthorizer;
  readonly cors?: CorsConfig;
  readonly throttling?: ThrottleConfig;
  /** @default - no access log */
  readonly accessLog?: (entry: AccessLogEntry) => void;
  /**
   * Writes `<requestId>.event.json` and `<requestId>.response.json` for every invocation, each
   * readable by its owner only (0600: they hold bearer tokens). A folder it creates is 0700; one that
   * exists keeps its mode.
   */
  readonly recordEventsDir?: string;
  /**
   * How long the gateway waits for a function before it answers 503, while the function runs on
   * until its own timeout. @default 30000 — AWS's maximum, and HTTP APIs' default (50–30000 ms)
   */
  readonly integrationTimeoutMs?: number;
  /**
   * Aborted when the local server stops and its drain's grace has run out: requests still waiting
   * for their function (or for the database) are answered 503 at once, as an integration timeout.
   */
  readonly stopping?: AbortSignal;
  /** @default "local00000" — a 10-character API id, as AWS's */
  readonly apiId?: string;
  /** @default "000000000000" */
  readonly accountId?: string;
}

export interface AccessLogEntry {
  readonly requestId: string;
  readonly method: string;
  readonly path: string;
  readonly routeKey: string | undefined;
  readonly status: number;
  readonly ms: number;
  /** Why the gateway answered 5xx for the function, as AWS's `$context.integrationErrorMessage`. */
  readonly integrationError?: string;
}

/** The options cannot make a gateway (an integration timeout outside AWS's range). */
export class GatewayOptionsError extends PorticoError {
  constructor(message: string) {
    super("local.gateway.options", message);
  }
}

/** What the gateway answers, the route it matched, the CORS headers to add, and why it failed. */
interface Handled {
  readonly result: GatewayResponse;
  readonly routeKey?: string;
  readonly extra?: [string, string][];
  readonly integrationError?: string;
}

export function createGateway(
  options: GatewayOptions,
): (request: IncomingMessage, response: ServerResponse) => void {
  const router = createRouter(options.routes.map((route) => ({ routeKey: route.routeKey, target: route })));
  const cors: Cors | undefined = options.cors === undefined ? undefined : createCors(options.cors);
  const throttle = options.throttling === undefined ? undefined : createThrottle(options.throttling);
  if (options.routes.some((route) => route.authorized) && options.authorizer === undefined) {
    throw new TypeError("Some routes are authorized, but the gateway has no JWT authorizer.");
  }
  const integrationTimeoutMs = options.integrationTimeoutMs ?? maxIntegrationTimeoutMs;
  if (
    !Number.isInteger(integrationTimeoutMs) ||
    integrationTimeoutMs < minIntegrationTimeoutMs ||
    integrationTimeoutMs > maxIntegrationTimeoutMs
  ) {
    throw new GatewayOptionsError(
      `integrationTimeoutMs is ${integrationTimeoutMs}; API Gateway allows an integer from ` +
        `${minIntegrationTimeoutMs} to ${maxIntegrationTimeoutMs} ms.`,
    );
  }

  /** A 5xx for the function, logged with why: in full on stderr, in one line in the access log. */
  const failed = (
    route: GatewayRoute,
    requestId: string,
    response: GatewayResponse,
    failure: Failure,
    extra: [string, string][],
  ): Handled => {
    process.stderr.write(
      `[${route.functionName}] ${requestId} ${response.status}: ${failure.detail ?? failure.reason}\n`,
    );
    return { result: response, routeKey: route.routeKey, extra, integrationError: failure.reason };
  };

  async function handle(request: IncomingMessage, requestId: string): Promise<Handled> {
    // AWS counts the request line and headers before anything else.
    if (requestHeadBytes(request) > maxRequestHeadBytes) {
      return { result: gatewayError(gatewayErrors.headersTooLarge) };
    }
    const method = request.method ?? "GET";
    const url = request.url ?? "/";
    const origin = request.headers.origin;
    const corsHeaders = cors?.responseHeaders(origin) ?? [];
    let body: Buffer;
    try {
      body = await readBody(request);
    } catch (error) {
      if (error instanceof RequestTooLargeError)
        return { result: gatewayError(gatewayErrors.payloadTooLarge) };
      throw error;
    }
    const rawPath = decodePath(url.split("?")[0] ?? "/");
    const path = splitStage(rawPath, options.stage);
    // With CORS configured, API Gateway answers preflights itself, before routing and auth.
    const preflightMethod = request.headers["access-control-request-method"];
    if (
      cors !== undefined &&
      method === "OPTIONS" &&
      origin !== undefined &&
      typeof preflightMethod === "string"
    ) {
      const headers = cors.preflight(
        origin,
        preflightMethod,
        request.headers["access-control-request-headers"],
      );
      return { result: { status: 204, headers: [noSniffHeader, ...(headers ?? [])], body: Buffer.alloc(0) } };
    }
    const match = path === undefined ? undefined : router.match(method, path);
    if (match === undefined) return { result: gatewayError(gatewayErrors.notFound), extra: corsHeaders };
    const route = match.target;
    if (throttle !== undefined && !throttle.take()) {
      return {
        result: gatewayError(gatewayErrors.tooManyRequests),
        routeKey: route.routeKey,
        extra: corsHeaders,
      };
    }
    let decision: AuthorizerDecision | undefined;
    if (route.authorized && options.authorizer !== undefined) {
      decision = await options.authorizer(joinedHeader(request.rawHeaders, "authorization"), route.scopes);
      if (!decision.allowed) {
        return {
          result: gatewayError(
            { status: decision.status, message: decision.body.message },
            Object.entries(decision.headers),
          ),
          routeKey: route.routeKey,
          extra: corsHeaders,
        };
      }
    }
    const event = buildEvent(
      {
        method,
        url,
        rawHeaders: request.rawHeaders,
        body,
        sourceIp: (request.socket.remoteAddress ?? localHost).replace(/^::ffff:/, ""),
        localPort: request.socket.localPort ?? 0,
      },
      {
        routeKey: route.routeKey,
        stage: options.stage,
        requestId,
        now: Date.now(),
        pathParameters: match.pathParameters,
        apiId: options.apiId ?? "local00000",
        accountId: options.accountId ?? "000000000000",
        ...(decision?.allowed ? { authorizer: { claims: decision.claims, scopes: decision.scopes } } : {}),
      },
    );
    // Serializing the whole event is only worth it when its body could come near the limit.
    const eventBytes = body.length > maxEventBytes / 2 ? Buffer.byteLength(JSON.stringify(event)) : 0;
    if (eventBytes > maxEventBytes) {
      // Lambda refuses a synchronous payload over 6 MB (base64 inflates binary bodies by a third),
      // so the invocation fails before the function runs.
      return failed(
        route,
        requestId,
        gatewayError(gatewayErrors.internal),
        {
          reason: `the event is ${eventBytes} bytes, over Lambda's ${megabytes(maxEventBytes)} payload limit`,
        },
        corsHeaders,
      );
    }
    try {
      if (route.ready !== undefined) {
        // The function's sandbox starts while the database does, not after it.
        options.invoker.prepare?.(route.functionName);
        const stop = whenAborted(options.stopping);
        const stopped = await Promise.race([
          route.ready().then(() => false),
          stop.aborted.then(() => true),
        ]).finally(stop.dispose);
        if (stopped) {
          return failed(
            route,
            requestId,
            gatewayError(gatewayErrors.serviceUnavailable),
            { reason: "the local gateway stopped while the function waited for what it needs" },
            corsHeaders,
          );
        }
      }
    } catch (error) {
      // What the function needs (the database) failed to start: unavailable, not a function error.
      return failed(
        route,
        requestId,
        gatewayError(gatewayErrors.serviceUnavailable),
        {
          reason: `what the function needs failed to start: ${firstLine(String(error))}`,
          detail: String(error),
        },
        corsHeaders,
      );
    }
    const outcome = await invokeWithin(
      options.invoker,
      route.functionName,
      event,
      requestId,
      integrationTimeoutMs,
      options.stopping,
    );
    if (options.recordEventsDir !== undefined) {
      // Best effort: the function already ran, so a failed recording must not fail the request.
      await recordInvocation(options.recordEventsDir, requestId, event, outcome).catch((error: unknown) =>
        process.stderr.write(`could not record ${requestId}: ${String(error)}\n`),
      );
    }
    const { response: result, failure } = integrationResponse(outcome, integrationTimeoutMs);
    if (failure !== undefined) return failed(route, requestId, result, failure, corsHeaders);
    // With CORS configured, the function's own access-control-* headers are replaced by the configured ones.
    const headers =
      cors === undefined
        ? result.headers
        : result.headers.filter(([name]) => !name.startsWith("access-control-"));
    return { result: { ...result, headers }, routeKey: route.routeKey, extra: corsHeaders };
  }

  return (request, response) => {
    const started = performance.now();
    const requestId = newRequestId();
    handle(request, requestId)
      .catch((error: unknown) => {
        process.stderr.write(
          `gateway error for ${requestId}: ${error instanceof Error ? error.stack : String(error)}\n`,
        );
        const failed: Handled = { result: gatewayError(gatewayErrors.internal) };
        return failed;
      })
      .then(({ result, routeKey, extra, integrationError }) => {
        try {
          send(response, result, requestId, extra);
        } catch (error) {
          // Nothing a function returns may take the server down.
          process.stderr.write(`gateway could not send ${requestId}: ${String(error)}\n`);
          if (!response.headersSent) send(response, gatewayError(gatewayErrors.internal), requestId);
          else response.destroy();
        }
        options.accessLog?.({
          requestId,
          method: request.method ?? "GET",
          path: request.url ?? "/",
          routeKey,
          status: result.status,
          ms: Math.round((performance.now() - started) * 10) / 10,
          ...(integrationError === undefined ? {} : { integrationError }),
        });
      });
  };
}
