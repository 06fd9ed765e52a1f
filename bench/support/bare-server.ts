/**
 * The twin section's baseline: the least a server can do to run the app's handlers — one
 * `node:http` server on one thread that calls each route's handler module in process, with the same
 * payload 2.0 event the gateway builds (event.ts) and the token's claims taken as they are (decoded,
 * not verified: no authorizer), and writes the handler's result back. No routing table, no limits,
 * no throttle, no worker threads, no access log.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { buildEvent } from "../../src/local/gateway/event.js";
import { newRequestId } from "../../src/local/gateway/request-id.js";

export interface BareRoute {
  readonly method: string;
  /** The exact request target, stage included: `/v1/users/me`. */
  readonly url: string;
  readonly routeKey: string;
  readonly pathParameters: Record<string, string>;
  readonly handler: (event: unknown, context: unknown) => Promise<APIGatewayProxyStructuredResultV2>;
}

export interface BareServer {
  readonly url: string;
  close(): Promise<void>;
}

/** The claims of a `Bearer` JWT, as strings (what the authorizer hands a function), without a check. */
function claimsOf(authorization: string | undefined): Record<string, string> {
  const payload = authorization?.split(".")[1];
  if (payload === undefined) return {};
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as Record<string, unknown>;
  return Object.fromEntries(
    Object.entries(claims).map(([name, value]) => [name, typeof value === "string" ? value : String(value)]),
  );
}

export async function startBareServer(stage: string, routes: readonly BareRoute[]): Promise<BareServer> {
  const byTarget = new Map(routes.map((route) => [`${route.method} ${route.url}`, route]));
  const server: Server = createServer((request, response) => {
    const route = byTarget.get(`${request.method} ${request.url}`);
    if (route === undefined) {
      response.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", async () => {
      const requestId = newRequestId();
      const event = buildEvent(
        {
          method: route.method,
          url: request.url ?? "/",
          rawHeaders: request.rawHeaders,
          body: Buffer.concat(chunks),
          sourceIp: "127.0.0.1",
          localPort: request.socket.localPort ?? 0,
        },
        {
          routeKey: route.routeKey,
          stage,
          requestId,
          now: Date.now(),
          pathParameters: route.pathParameters,
          apiId: "bench00000",
          accountId: "000000000000",
          authorizer: { claims: claimsOf(request.headers.authorization), scopes: null },
        },
      );
      const result = await route.handler(event, { awsRequestId: requestId });
      response
        .writeHead(result.statusCode ?? 200, result.headers as Record<string, string>)
        .end(result.body ?? "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
