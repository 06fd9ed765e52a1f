/**
 * API Gateway payload 2.0 events for a route, built by the local gateway's own event builder (the
 * fields API Gateway sets, AWS-FACTS.md §1), with the JWT authorizer's output for a caller.
 */
import { buildEvent } from "../../src/local/gateway/event.js";
import { newRequestId } from "../../src/local/gateway/request-id.js";
import type { HttpApiEvent } from "../../src/runtime/index.js";

export interface EventRequest {
  readonly routeKey: string;
  /** The path under the stage, as a device sends it: `/users/me/todos`. */
  readonly path: string;
  readonly pathParameters?: Record<string, string>;
  readonly body?: unknown;
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** The token's claims (`sub`, `scope`); absent on a public route. */
  readonly claims?: Record<string, string>;
  /** The scopes the authorizer matched, for a route that requires some. */
  readonly scopes?: string[];
}

export function lambdaEvent(request: EventRequest, stage: string): HttpApiEvent {
  const [method = "GET"] = request.routeKey.split(" ");
  const body = request.body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(request.body));
  const headers: Record<string, string> = {
    host: "api.example.com",
    "user-agent": "portico-bench",
    ...(request.claims === undefined ? {} : { authorization: "Bearer <verified by the authorizer>" }),
    ...(request.body === undefined ? {} : { "content-type": request.contentType ?? "application/json" }),
    ...request.headers,
  };
  return buildEvent(
    {
      method,
      url: `/${stage}${request.path}`,
      rawHeaders: Object.entries(headers).flat(),
      body,
      sourceIp: "203.0.113.7",
      localPort: 443,
    },
    {
      routeKey: request.routeKey,
      stage,
      requestId: newRequestId(),
      now: Date.now(),
      pathParameters: request.pathParameters,
      apiId: "bench00000",
      accountId: "000000000000",
      ...(request.claims === undefined
        ? {}
        : { authorizer: { claims: request.claims, scopes: request.scopes ?? null } }),
    },
  );
}

/** What the Lambda runtime passes as the handler's second argument. */
export function lambdaContext(functionName: string, memoryMb: number) {
  return {
    awsRequestId: newRequestId(),
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: String(memoryMb),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "bench",
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => 10_000,
  };
}
