/**
 * The app's handlers behind the local gateway's own decisions, in this process: the request is
 * routed by the gateway's router (`createRouter`, the path decoded as the gateway decodes it) and
 * admitted by the gateway's JWT authorizer (401 without a token, 403 without a route scope, in
 * AWS's own bodies), then the real handler runs against a real DynamoDB Local. AWS itself cannot
 * run here, so the identity provider is emulated: each test file signs its callers' tokens with an
 * RSA key made in this process, and the authorizer checks them against that key.
 */

import { mkdtemp, rm } from "node:fs/promises";
import { request as httpClientRequest } from "node:http";
import { request as httpsClientRequest } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CloudFormationClient } from "@aws-sdk/client-cloudformation";
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { localDynamoDbClient as clientFor, ensureTable, localCredentials } from "portico/local/dynamodb";
import { type App, describeApp, fileSlotsOf } from "portico/model";
import {
  type CustomHandler,
  createFileBucket,
  createStore,
  createTableInput,
  customRoute,
  type FileBucket,
  gatewayErrors,
  type LambdaHandler,
  localTokenPath,
  route,
  type Store,
} from "portico/runtime";
import { inject } from "vitest";
import { type DevServer, startDevServer } from "../../src/local/dev/dev-server.js";
import { createJwtAuthorizer, type JwtAuthorizer } from "../../src/local/gateway/authorizer.js";
import { decodePath } from "../../src/local/gateway/event.js";
import { createRouter } from "../../src/local/gateway/router.js";
import { startS3 } from "../../src/local/services/s3/index.js";
import { signWithIssuerKey } from "../../src/local/services/token-issuer.js";
import { discoverDeployedTarget } from "./deployed-target.js";
import { createEventV2 } from "./events.js";

export interface Call {
  readonly method: string;
  /** After the stage: `/users/me/todos?limit=2`. */
  readonly path: string;
  /** The caller's `sub`; absent means no token. */
  readonly as?: string;
  readonly scope?: string;
  /** More claims of the caller's token, as JSON values (`{ scp: ["a"] }`); the token is then signed directly. */
  readonly claims?: Readonly<Record<string, unknown>>;
  readonly headers?: Record<string, string>;
  /** An object is sent as JSON; a string is sent as is. */
  readonly body?: unknown;
  readonly isBase64Encoded?: boolean;
  /** In process only: the request comes in on this custom domain, so `rawPath` has no stage. */
  readonly customDomain?: string;
}

export interface Reply {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly text: string | undefined;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
  readonly json: any;
}

export interface TestApi {
  /** Where requests go: the handlers in this process, or the local gateway over real HTTP. */
  readonly target: TestTarget;
  call(call: Call): Promise<Reply>;
  readonly store: Store;
  /** Commands the store sent to DynamoDB since the last reset. */
  readonly sdkCalls: string[];
  readonly tableName: string;
  /** In process only: the handlers' files bucket, on an embedded S3 of the test's own. */
  readonly bucket: FileBucket;
}

export function dynamoDbEndpoint(): string {
  return inject("dynamodbEndpoint");
}

/** The run's key to the shared DynamoDB Local's data: without it a client sees an empty database. */
export function dynamoDbAccessKeyId(): string {
  return inject("dynamodbAccessKeyId");
}

/** The dev server options that put it on the shared DynamoDB Local, in the run's database. */
export function sharedDynamoDb(): { dynamodbEndpoint: string; dynamodbAccessKeyId: string } {
  return { dynamodbEndpoint: dynamoDbEndpoint(), dynamodbAccessKeyId: dynamoDbAccessKeyId() };
}

export function localDynamoDbClient(): DynamoDBClient {
  return clientFor(dynamoDbEndpoint(), dynamoDbAccessKeyId());
}

/** Points the SDK of handlers loaded in this process (which read the environment, as on Lambda) at the shared DynamoDB Local. */
export function useSharedDynamoDbEnvironment(): void {
  const credentials = localCredentials(dynamoDbAccessKeyId());
  process.env.AWS_ENDPOINT_URL_DYNAMODB = dynamoDbEndpoint();
  process.env.AWS_ACCESS_KEY_ID = credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = credentials.secretAccessKey;
}

export type TestTarget = "handlers" | "gateway" | "deployed";

/** `PORTICO_TEST_TARGET` (set by the vitest project) chooses where the contract suites send requests. */
export function testTarget(): TestTarget {
  const target = process.env.PORTICO_TEST_TARGET;
  return target === "gateway" || target === "deployed" ? target : "handlers";
}

/** The stage the `deployed` target calls (`npm run test:deployed -- --stage dev` sets it). */
export const testStageEnv = "PORTICO_TEST_STAGE";

const running: (() => Promise<void>)[] = [];

/** Stops every API a test file made (registered as an afterAll by the setup file). */
export async function stopTestApis(): Promise<void> {
  await Promise.all(running.splice(0).map((stop) => stop()));
}

/**
 * A fresh table on the shared DynamoDB Local, and the app served over it: by its handlers in this
 * process, or — with `PORTICO_TEST_TARGET=gateway` — by the local dev server over real HTTP.
 */
export async function createTestApi(app: App, options: CreateTestApiOptions = {}): Promise<TestApi> {
  const target = options.target ?? testTarget();
  if (target === "deployed") return createDeployedTestApi(app);
  return target === "gateway"
    ? createGatewayTestApi(app, options.appDir)
    : createHandlersTestApi(app, options.customHandlers ?? {});
}

export interface CreateTestApiOptions {
  /** @default `testTarget()` */
  readonly target?: TestTarget;
  /** The folder holding the app's function entries, for the gateway. @default "app" */
  readonly appDir?: string;
  /** In process: the app's own code of each custom route, by route key (the gateway loads its module). */
  readonly customHandlers?: Readonly<Record<string, CustomHandler<never>>>;
}

/** An API reached over HTTP: its store and DynamoDB calls are in the functions, not in this process. */
function overHttp(target: TestTarget, tableName: string, call: TestApi["call"]): TestApi {
  return {
    target,
    tableName,
    call,
    get store(): Store {
      throw new Error("The store lives in the functions, not in this process: use an in-process suite.");
    },
    get sdkCalls(): string[] {
      throw new Error("DynamoDB calls are counted in process only: use an in-process suite.");
    },
    get bucket(): FileBucket {
      throw new Error(
        "The bucket's client lives in the functions, not in this process: use an in-process suite.",
      );
    },
  };
}

/** The headers and bytes of a call's body, as a device sends them over HTTP. */
function httpBody(call: Call): { headers: Record<string, string>; payload: Buffer | undefined } {
  if (call.customDomain !== undefined) {
    throw new Error("A custom domain is set on the event, not over HTTP: use an in-process suite.");
  }
  const body = bodyText(call);
  const headers: Record<string, string> = {
    ...(body === undefined ? {} : { "content-type": "application/json" }),
    ...call.headers,
  };
  const payload =
    body === undefined
      ? undefined
      : call.isBase64Encoded === true
        ? Buffer.from(body, "base64")
        : Buffer.from(body);
  return { headers, payload };
}

/**
 * A deployed stage, found from its stack's outputs (`PORTICO_TEST_STAGE`). Its only caller is the
 * stack's machine client, whose token (client credentials) always carries the admin scope: every
 * call with `as` is sent with that one token, so only suites of one admin caller run here.
 */
async function createDeployedTestApi(app: App): Promise<TestApi> {
  const stage = process.env[testStageEnv];
  if (stage === undefined || stage === "") {
    throw new Error(`${testStageEnv} is not set: run npm run test:deployed -- --stage <stage>.`);
  }
  const region = describeApp(app).deploy.stages[stage]?.region;
  const config = region === undefined ? {} : { region };
  const cloudFormation = new CloudFormationClient(config);
  const cognito = new CognitoIdentityProviderClient(config);
  const target = await discoverDeployedTarget(app, stage, { cloudFormation, cognito, fetch });
  running.push(async () => {
    cloudFormation.destroy();
    cognito.destroy();
  });
  return overHttp("deployed", target.tableName, async (call) => {
    if (call.claims !== undefined) throw new Error("A deployed stage's tokens carry Cognito's claims only.");
    const { headers, payload } = httpBody(call);
    if (call.as !== undefined) headers.authorization = `Bearer ${await target.token(app.auth.adminScope)}`;
    return httpRequest(`${target.apiUrl}${call.path}`, call.method, headers, payload);
  });
}

/**
 * A dev server for a test: a free port, nothing kept, no watchers, no log, on the shared DynamoDB
 * Local under a table of its own.
 */
export function startTestDevServer(
  app: App,
  dataDir: string,
  tableName: string,
  appDir?: string,
): Promise<DevServer> {
  return startDevServer({
    app,
    ...(appDir === undefined ? {} : { appDir }),
    port: 0,
    dataDir,
    inMemory: true,
    ...sharedDynamoDb(),
    tableName,
    watch: false,
    log: () => {},
  });
}

/** The whole local stack over HTTP: gateway, JWT authorizer with tokens from `/_local/token`, workers. */
async function createGatewayTestApi(app: App, appDir?: string): Promise<TestApi> {
  const tableName = `e2e-${Math.random().toString(36).slice(2, 10)}`;
  const dataDir = await mkdtemp(join(tmpdir(), "portico-e2e-"));
  const server = await startTestDevServer(app, dataDir, tableName, appDir);
  running.push(async () => {
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  });
  await server.ready;
  const tokens = new Map<string, Promise<string>>();
  /**
   * A token from `/_local/token`, as a device gets one; one the issuer would refuse to mint (a
   * 1,000-byte sub, a tab in the scope, extra claims) is signed with its key directly.
   */
  const mint = async (sub: string, scope: string | undefined, claims: Call["claims"]) => {
    if (claims === undefined) {
      const response = await fetch(`${server.url}${localTokenPath}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ sub, ...(scope === undefined ? {} : { scope }) }),
      });
      if (response.ok) return ((await response.json()) as { access_token: string }).access_token;
    }
    const now = Math.floor(Date.now() / 1000);
    return signWithIssuerKey(server.tokenIssuer, {
      iss: server.tokenIssuer.issuer,
      aud: app.auth.audience[0],
      sub,
      iat: now,
      exp: now + 3600,
      ...(scope === undefined ? {} : { scope }),
      ...claims,
    });
  };
  const token = (sub: string, scope: string | undefined, claims: Call["claims"]) => {
    const key = JSON.stringify([sub, scope, claims]);
    let pending = tokens.get(key);
    if (pending === undefined) {
      pending = mint(sub, scope, claims);
      tokens.set(key, pending);
    }
    return pending;
  };
  return overHttp("gateway", tableName, async (call) => {
    const { headers, payload } = httpBody(call);
    if (call.as !== undefined)
      headers.authorization = `Bearer ${await token(call.as, call.scope, call.claims)}`;
    return httpRequest(`${server.apiUrl}${call.path}`, call.method, headers, payload);
  });
}

/**
 * One request with node:http rather than fetch: like any device, it may send a body with GET, any
 * method, and header bytes outside Latin-1 (sent as their UTF-8 bytes, as a raw client would).
 * With `timeoutMs`, no answer by then rejects (and drops the connection), so a hang is a failure.
 */
export function httpRequest(
  url: string,
  method: string,
  headers: Record<string, string>,
  body: Buffer | undefined,
  timeoutMs?: number,
): Promise<Reply> {
  const raw = Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, Buffer.from(value, "utf8").toString("latin1")]),
  );
  if (body !== undefined) raw["content-length"] = String(body.length);
  return new Promise((resolve, reject) => {
    const send = url.startsWith("https:") ? httpsClientRequest : httpClientRequest;
    const request = send(url, { method, headers: raw }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", reject);
      response.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        const replyHeaders: Record<string, string> = {};
        for (const [name, value] of Object.entries(response.headers)) {
          if (value !== undefined) replyHeaders[name] = Array.isArray(value) ? value.join(", ") : value;
        }
        let json: unknown;
        try {
          if (text !== "" && /json/.test(replyHeaders["content-type"] ?? "")) json = JSON.parse(text);
        } catch {
          reject(
            new Error(
              `${method} ${url} answered ${response.statusCode} with a JSON type but not JSON: ${text.slice(0, 200)}`,
            ),
          );
          return;
        }
        resolve({
          status: response.statusCode ?? 0,
          headers: replyHeaders,
          text: text === "" ? undefined : text,
          json,
        });
      });
    });
    if (timeoutMs !== undefined) {
      request.setTimeout(timeoutMs, () =>
        request.destroy(new Error(`${method} ${url} had no answer within ${timeoutMs} ms`)),
      );
    }
    request.on("error", reject);
    request.end(body);
  });
}

/** A call's body as sent: an object as JSON, a string as is. */
function bodyText(call: Call): string | undefined {
  if (call.body === undefined) return undefined;
  return typeof call.body === "string" ? call.body : JSON.stringify(call.body);
}

/** API Gateway's own `{message}` answer, with the authorizer's headers when it refused. */
const gatewayReply = (
  error: { readonly status: number; readonly message: string },
  headers: Record<string, string> = {},
): Reply => ({
  status: error.status,
  headers: { ...headers, "content-type": "application/json" },
  text: JSON.stringify({ message: error.message }),
  json: { message: error.message },
});

/**
 * The emulated identity provider of the in-process target: tokens for the app's audience, signed
 * with a key made here, and the gateway's own JWT authorizer trusting that key. A token is signed
 * once per caller, scope and claims.
 */
async function inProcessTokens(app: App): Promise<{
  sign(sub: string, scope: string | undefined, claims: Call["claims"]): Promise<string>;
  authorize: JwtAuthorizer;
}> {
  const issuer = "https://issuer.test";
  const kid = "in-process";
  const { privateKey, publicKey } = await generateKeyPair("RS256");
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" };
  const authorize = createJwtAuthorizer({
    issuer,
    audience: app.auth.audience,
    keys: { jwks: () => ({ keys: [jwk] }) },
  });
  const signed = new Map<string, Promise<string>>();
  return {
    authorize,
    sign(sub, scope, claims) {
      const key = JSON.stringify([sub, scope, claims]);
      let pending = signed.get(key);
      if (pending === undefined) {
        const now = Math.floor(Date.now() / 1000);
        pending = new SignJWT({
          iss: issuer,
          aud: app.auth.audience[0] as string,
          sub,
          iat: now,
          // Far ahead, so a test that moves the clock keeps its callers' tokens valid.
          exp: now + 10 * 365 * 24 * 3600,
          ...(scope === undefined ? {} : { scope }),
          ...claims,
        })
          .setProtectedHeader({ alg: "RS256", kid })
          .sign(privateKey);
        signed.set(key, pending);
      }
      return pending;
    },
  };
}

async function createHandlersTestApi(
  app: App,
  customHandlers: Readonly<Record<string, CustomHandler<never>>>,
): Promise<TestApi> {
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
  running.push(async () => client.destroy());
  // An app with files gets a real embedded S3 of its own (tickets are presigned for it, deletes reach it).
  const bucketName = describeApp(app).bucket.name;
  const s3 =
    fileSlotsOf(app.entities).length > 0
      ? await startS3({ buckets: [bucketName], inMemory: true })
      : undefined;
  if (s3 !== undefined) running.push(() => s3.stop());
  const bucket = s3 === undefined ? undefined : createFileBucket({ client: s3.client(), name: bucketName });
  const clients = { store, ...(bucket === undefined ? {} : { bucket }) };
  const handlerOf = (r: App["routes"][number]): LambdaHandler => {
    if (r.kind !== "custom") return route(app, r.routeKey, clients);
    const custom = customHandlers[r.routeKey];
    if (custom === undefined)
      throw new Error(`No customHandlers entry for the custom route "${r.routeKey}".`);
    return customRoute(app, r.routeKey, custom, clients);
  };
  const handlers = new Map<string, LambdaHandler>(app.routes.map((r) => [r.routeKey, handlerOf(r)]));
  const router = createRouter(app.routes.map((r) => ({ routeKey: r.routeKey, target: r })));
  const tokens = await inProcessTokens(app);
  return {
    target: "handlers",
    store,
    sdkCalls,
    tableName,
    get bucket(): FileBucket {
      if (bucket === undefined) throw new Error(`App "${app.name}" has no files, so no bucket.`);
      return bucket;
    },
    async call(call) {
      const [pathOnly = "/"] = call.path.split("?");
      const matched = router.match(call.method, decodePath(pathOnly));
      if (matched === undefined) return gatewayReply(gatewayErrors.notFound);
      const target = matched.target;
      let claims: Record<string, string> | undefined;
      let scopes: readonly string[] = [];
      if (target.authorized) {
        const token = call.as === undefined ? undefined : await tokens.sign(call.as, call.scope, call.claims);
        const decision = await tokens.authorize(
          token === undefined ? undefined : `Bearer ${token}`,
          target.scopes,
        );
        if (!decision.allowed) {
          return gatewayReply({ status: decision.status, message: decision.body.message }, decision.headers);
        }
        claims = decision.claims;
        scopes = decision.scopes ?? [];
      }
      const body = bodyText(call);
      const event = createEventV2({
        method: call.method,
        path: call.path,
        routeKey: target.routeKey,
        ...(matched.pathParameters === undefined ? {} : { pathParameters: matched.pathParameters }),
        headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...call.headers },
        ...(body === undefined ? {} : { body }),
        ...(call.isBase64Encoded === undefined ? {} : { isBase64Encoded: call.isBase64Encoded }),
        ...(call.customDomain === undefined ? {} : { customDomain: call.customDomain }),
        ...(claims === undefined ? {} : { claims }),
        routeScopes: target.scopes,
        tokenScopes: scopes,
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
    dynamodbAccessKeyId: string;
  }
}
