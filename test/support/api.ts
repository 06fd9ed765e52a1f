/**
 * The app's handlers behind an emulated API Gateway (AWS itself cannot run here): routes matched
 * from the app's route table, the JWT authorizer's outcome emulated from the claims a test gives
 * (401 without a token, 403 without a route scope, in AWS's own bodies), then the real handler
 * runs against a real DynamoDB Local.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ensureTable } from "portico/local/dynamodb";
import type { App, Route } from "portico/model";
import { createStore, createTableInput, type LambdaHandler, route, type Store } from "portico/runtime";
import { inject } from "vitest";
import { createEventV2 } from "./events.js";

export interface Call {
  readonly method: string;
  /** After the stage: `/users/me/todos?limit=2`. */
  readonly path: string;
  /** The caller's `sub`; absent means no token. */
  readonly as?: string;
  readonly scope?: string;
  readonly headers?: Record<string, string>;
  /** An object is sent as JSON; a string is sent as is. */
  readonly body?: unknown;
  readonly isBase64Encoded?: boolean;
}

export interface Reply {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly text: string | undefined;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
  readonly json: any;
}

export interface TestApi {
  call(call: Call): Promise<Reply>;
  readonly store: Store;
  /** Commands the store sent to DynamoDB since the last reset. */
  readonly sdkCalls: string[];
  readonly tableName: string;
}

function matches(route: Route, method: string, path: string): Record<string, string> | undefined {
  if (route.method !== method) return undefined;
  const want = route.path.split("/");
  const got = path.split("/");
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, segment] of want.entries()) {
    const value = got[index] as string;
    const param = /^\{(.+)\}$/.exec(segment);
    if (param) {
      if (value === "") return undefined;
      params[param[1] as string] = decodeURIComponent(value);
    } else if (segment !== value) return undefined;
  }
  return params;
}

const gatewayReply = (status: number, message: string): Reply => ({
  status,
  headers: { "content-type": "application/json" },
  text: JSON.stringify({ message }),
  json: { message },
});

export function dynamoDbEndpoint(): string {
  return inject("dynamodbEndpoint");
}

export function localDynamoDbClient(): DynamoDBClient {
  return new DynamoDBClient({
    endpoint: dynamoDbEndpoint(),
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
}

/** A fresh table on the shared DynamoDB Local, and the app's handlers over it. */
export async function createTestApi(app: App): Promise<TestApi> {
  const tableName = `test-${Math.random().toString(36).slice(2, 10)}`;
  const client = localDynamoDbClient();
  await ensureTable(client, createTableInput(tableName));
  const sdkCalls: string[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      sdkCalls.push(context.commandName ?? "unknown");
      return next(args);
    },
    { step: "initialize", name: "countSdkCalls" },
  );
  const store = createStore({ client, tableName, cursorSecret: "test-cursor-secret-0123456789abcdef" });
  const handlers = new Map<string, LambdaHandler>(
    app.routes.map((r) => [r.routeKey, route(app, r.routeKey, { store })]),
  );
  return {
    store,
    sdkCalls,
    tableName,
    async call(call) {
      const [pathOnly = "/"] = call.path.split("?");
      let matched: { route: Route; params: Record<string, string> } | undefined;
      for (const candidate of app.routes) {
        const params = matches(candidate, call.method, pathOnly);
        if (params) {
          matched = { route: candidate, params };
          break;
        }
      }
      if (matched === undefined) return gatewayReply(404, "Not Found");
      const { route: target, params } = matched;
      if (target.authorized && call.as === undefined) return gatewayReply(401, "Unauthorized");
      const scopes = (call.scope ?? "").split(" ").filter(Boolean);
      if (target.scopes.length > 0 && !target.scopes.some((scope) => scopes.includes(scope))) {
        return gatewayReply(403, "Forbidden");
      }
      const body =
        call.body === undefined
          ? undefined
          : typeof call.body === "string"
            ? call.body
            : JSON.stringify(call.body);
      const event = createEventV2({
        method: call.method,
        path: call.path,
        routeKey: target.routeKey,
        pathParameters: params,
        headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...call.headers },
        ...(body === undefined ? {} : { body }),
        ...(call.isBase64Encoded === undefined ? {} : { isBase64Encoded: call.isBase64Encoded }),
        ...(target.authorized && call.as !== undefined
          ? {
              claims: {
                sub: call.as,
                iss: "https://issuer.test",
                aud: "swifty-planner",
                ...(call.scope === undefined ? {} : { scope: call.scope }),
              },
            }
          : {}),
        routeScopes: target.scopes,
      });
      const handler = handlers.get(target.routeKey) as LambdaHandler;
      const result = await handler(event);
      const headers = Object.fromEntries(
        Object.entries(result.headers).map(([k, v]) => [k.toLowerCase(), v]),
      );
      let json: unknown;
      if (result.body !== undefined && result.body !== "") json = JSON.parse(result.body);
      return { status: result.statusCode, headers, text: result.body, json };
    },
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    dynamodbEndpoint: string;
  }
}
