/**
 * `portico dev`: the whole API offline. One `node:http` server on 127.0.0.1 serves the local
 * gateway under `/<stage>` and the local-only endpoints under `/_local` (token issuer, docs), and
 * answers only requests for its own host names (DNS rebinding: see allowed-hosts.ts).
 * DynamoDB Local is started first and in parallel with everything else (start-database.ts), so
 * `GET /health` answers long before the database does.
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { type App, describeApp } from "../../model/index.js";
import type { OpenApiDocument } from "../../openapi/index.js";
import {
  defaultLocalPort,
  gatewayErrors,
  localDocsPath,
  localHost,
  localOrigin,
} from "../../runtime/index.js";
import { createStore } from "../../runtime/store/store.js";
import { type AllowedHosts, createHostCheck } from "../allowed-hosts.js";
import { createDocsHandler } from "../docs/serve-docs.js";
import { createJwtAuthorizer } from "../gateway/authorizer.js";
import { createCors } from "../gateway/cors.js";
import {
  type AccessLogEntry,
  answerClientError,
  createGateway,
  type GatewayRoute,
} from "../gateway/gateway.js";
import { FunctionPool } from "../gateway/invoker/function-pool.js";
import { localDynamoDbClient } from "../services/dynamodb/index.js";
import { startS3 } from "../services/s3/index.js";
import { createTokenIssuer, type TokenIssuer } from "../services/token-issuer.js";
import { createRecorderDelivery, type RecorderDelivery } from "./file-events.js";
import { localCors, localGatewayPlan } from "./gateway-plan.js";
import { createHttpDrain, drainGraceMs } from "./http-drain.js";
import { createLocalEndpoints, isLocalPath, sendOwn } from "./local-endpoints.js";
import {
  clearRunning,
  defaultDataDir,
  localIssuer,
  newS3Credentials,
  persistentS3Credentials,
  persistentSecret,
  publishRunning,
} from "./local-state.js";
import { loadSeed } from "./seed.js";
import { type SeedReport, seedFolder } from "./seed-report.js";
import { type DatabaseReady, type StartingDatabase, startDatabase } from "./start-database.js";
import { watchSettled } from "./watch-folders.js";

export interface DevServerOptions {
  readonly app: App;
  /** The app folder, which holds each function's entry (see `describeApp`). @default "./app" */
  readonly appDir?: string;
  /** @default `defaultLocalPort` (3000); 0 picks a free port */
  readonly port?: number;
  /** @default ".portico" */
  readonly dataDir?: string;
  /** Throwaway data: nothing is kept after stop. @default false */
  readonly inMemory?: boolean;
  /** Use a DynamoDB that is already running instead of starting one (tests share one this way). */
  readonly dynamodbEndpoint?: string;
  /** The access key id of the data on `dynamodbEndpoint`. @default a fresh random one (a database of its own) */
  readonly dynamodbAccessKeyId?: string;
  /**
   * A database the caller started already (`portico dev` starts DynamoDB Local before it loads the
   * app): for the same `dataDir` and `inMemory`. The server stops it with itself.
   * @default one started here (see `dynamodbEndpoint`)
   */
  readonly database?: StartingDatabase;
  /** @default the app's name */
  readonly tableName?: string;
  /**
   * Load `<appDir>/seed/*.json` once the table exists, put-if-absent (see seed.ts): routes that touch
   * data wait for it. @default true
   */
  readonly seed?: boolean;
  /** Write every event and response as JSON into this folder. */
  readonly recordEventsDir?: string;
  /** Reload functions when files under these folders change. @default [appDir, "src/runtime", "src/model"] */
  readonly watch?: readonly string[] | false;
  /** The OpenAPI document served at `/_local/docs` (made by the caller: `local` does not import `openapi`). */
  readonly openApi?: (serverUrl: string) => OpenApiDocument;
  /** @default - access log lines on stdout */
  readonly log?: (line: string) => void;
  /**
   * Once stop is called, how long requests in flight may take to finish before the gateway answers
   * them 503. @default `drainGraceMs` (10 s)
   */
  readonly drainGraceMs?: number;
  /**
   * `Host` names answered besides `localhost`, `127.0.0.1` and `[::1]` (any port), as Vite's
   * `server.allowedHosts`: `"tunnel.example"` exactly, `".example.test"` for it and its subdomains,
   * or `true` for any host. Every other request gets `403 {"message":"Forbidden"}`.
   * @default [] — loopback names only
   */
  readonly allowedHosts?: AllowedHosts;
}

export interface DevServerReady extends DatabaseReady {
  /** What the seed files gave; `undefined` when the app has none. */
  readonly seed: SeedReport | undefined;
}

export interface DevServer {
  /** `http://127.0.0.1:3000` */
  readonly url: string;
  /** `http://127.0.0.1:3000/v1` */
  readonly apiUrl: string;
  readonly docsUrl: string;
  readonly tokenIssuer: TokenIssuer;
  /** Resolves when DynamoDB is up, the table exists and the seed files are loaded. */
  readonly ready: Promise<DevServerReady>;
  /**
   * Drains, then stops: refuses new connections, lets the requests in flight finish (answering 503
   * those still running after `drainGraceMs`), lets the file recorder's deliveries end, then stops
   * the functions, S3 and DynamoDB Local.
   */
  stop(): Promise<void>;
}

function formatAccess(entry: AccessLogEntry): string {
  const line = `${entry.method} ${entry.path} → ${entry.routeKey ?? "-"} ${entry.status} ${entry.ms}ms ${entry.requestId}`;
  return entry.integrationError === undefined ? line : `${line} (${entry.integrationError})`;
}

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const { app } = options;
  const description = describeApp(app);
  const dataDir = resolve(options.dataDir ?? defaultDataDir);
  const appDir = resolve(options.appDir ?? "app");
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const inMemory = options.inMemory ?? false;
  // Checked before anything starts, so a bad entry leaves nothing running.
  const hostCheck = createHostCheck(options.allowedHosts);
  const cors = localCors(description);
  if (cors !== undefined) createCors(cors);

  // The JVM takes seconds: start it before anything else.
  const tableName = options.tableName ?? description.table.name;
  const database =
    options.database ??
    (await startDatabase({
      external: options.dynamodbEndpoint,
      externalAccessKeyId: options.dynamodbAccessKeyId,
      dataDir,
      inMemory,
    }));
  const { accessKeyId, dynamodbEndpoint, service: dynamodb } = database;
  const seeding = options.seed ?? true;
  const ready = database.withTable(tableName).then(async (db): Promise<DevServerReady> => {
    if (!seeding || !existsSync(join(appDir, seedFolder))) return { ...db, seed: undefined };
    const client = localDynamoDbClient(db.dynamodbEndpoint, accessKeyId);
    try {
      const store = createStore({ client, tableName, confirmTransactions: true });
      const seed = await loadSeed(store, app.entities, appDir).catch((error: unknown) => ({
        files: [seedFolder],
        loaded: 0,
        skipped: 0,
        rejected: [{ where: seedFolder, reason: error instanceof Error ? error.message : String(error) }],
      }));
      return { ...db, seed };
    } finally {
      client.destroy();
    }
  });
  ready.catch(() => {});
  const bucketName = description.bucket.name;
  // Its own credentials: the access key id is in every presigned URL a client gets, so it must not
  // be DynamoDB Local's key to the data.
  const s3Credentials = inMemory ? newS3Credentials() : await persistentS3Credentials(dataDir);
  // Set once the function pool exists; S3 reports no object before the server serves requests.
  let recorderDelivery: RecorderDelivery | undefined;
  const s3 = startS3({
    buckets: [bucketName],
    credentials: s3Credentials,
    onObjectCreated: (record) => recorderDelivery?.deliver(record),
    ...(options.allowedHosts === undefined ? {} : { allowedHosts: options.allowedHosts }),
    inMemory,
    ...(inMemory ? {} : { dataDir: join(dataDir, "s3") }),
    ...(cors === undefined ? {} : { allowOrigins: cors.allowOrigins }),
  });
  s3.catch(() => {});

  // A failure while starting (port taken, a corrupt key file, S3) stops what already started, so
  // an in-process caller is not left with a JVM, s3rver or a listener it cannot stop.
  const abortStart = async (error: unknown): Promise<never> => {
    server.close();
    // Requests that came in while starting would wait forever for a handler that never comes.
    server.closeAllConnections();
    await (await dynamodb?.catch(() => undefined))?.stop();
    await (await s3.catch(() => undefined))?.stop();
    throw error;
  };

  // Listen at once, so the port is known and taken; requests that arrive while the rest starts
  // wait for it rather than hang on a server with no handler.
  let handle: (request: IncomingMessage, response: ServerResponse) => void = () => {};
  let markStarted: () => void = () => {};
  const started = new Promise<void>((resolveStarted) => {
    markStarted = resolveStarted;
  });
  const server = createServer((request, response) => {
    drain.track(request, response);
    // Before anything else, on every path: a rebound page's requests stop here.
    const refusal = hostCheck(request.rawHeaders);
    if (refusal !== undefined) {
      log(`refused ${request.method} ${request.url}: ${refusal} (allow a host with --allowed-hosts)`);
      sendOwn(response, gatewayErrors.forbidden);
      return;
    }
    void started.then(() => handle(request, response));
  });
  server.on("clientError", answerClientError);
  const drain = createHttpDrain(server);
  // Aborted when the drain's grace runs out: the gateway answers what still waits for a function.
  const stopping = new AbortController();
  await new Promise<void>((resolveListen, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? defaultLocalPort, localHost, () => resolveListen());
  }).catch(abortStart);
  const port = (server.address() as AddressInfo).port;
  const url = localOrigin(port);

  const cursorSecret = inMemory
    ? randomBytes(32).toString("hex")
    : await persistentSecret(dataDir, "cursor-secret").catch(abortStart);
  const tokenIssuer = await createTokenIssuer({
    dataDir,
    issuer: localIssuer(url),
    audience: app.auth.audience[0] as string,
  }).catch(abortStart);
  const endpoints = {
    tableName,
    cursorSecret,
    dynamodbEndpoint,
    accessKeyId,
    bucketName,
    s3Endpoint: (await s3.catch(abortStart)).endpoint,
    s3Credentials,
  };
  // Sandboxes start on a function's first request, none before `markStarted`: nothing to stop here.
  const plan = localGatewayPlan(description, appDir, endpoints);
  const pool = new FunctionPool(plan.functions);
  // The bucket's ObjectCreated events invoke the s3-triggered function (the file recorder).
  const recorder = description.functions.find((fn) => fn.trigger.kind === "s3");
  if (recorder !== undefined) {
    recorderDelivery = createRecorderDelivery({
      recorder,
      invoke: (name, event, requestId) => pool.invoke(name, event, requestId),
      log,
    });
  }
  try {
    const waitForDatabase = async () => {
      await ready;
    };
    const routes: GatewayRoute[] = plan.routes.map(({ needsDatabase, ...route }) => ({
      ...route,
      ...(needsDatabase ? { ready: waitForDatabase } : {}),
    }));
    const issuerKeys = tokenIssuer.jwks();
    const gateway = createGateway({
      stage: plan.stage,
      routes,
      invoker: pool,
      stopping: stopping.signal,
      authorizer: createJwtAuthorizer({
        issuer: tokenIssuer.issuer,
        audience: app.auth.audience,
        // The issuer's keys do not change while it runs: one snapshot, not a copy per request.
        keys: { jwks: () => issuerKeys },
      }),
      ...(plan.cors === undefined ? {} : { cors: plan.cors }),
      ...(plan.throttling === undefined ? {} : { throttling: plan.throttling }),
      accessLog: (entry) => log(formatAccess(entry)),
      ...(options.recordEventsDir === undefined ? {} : { recordEventsDir: resolve(options.recordEventsDir) }),
    });
    const openApi = options.openApi;
    const docs =
      openApi === undefined
        ? () => false
        : createDocsHandler({
            basePath: localDocsPath,
            // Relative, so "Try it out" calls the origin the page was opened on (the CSP allows only it).
            document: () => openApi(`/${app.api.stage}`),
          });

    const local = createLocalEndpoints({ docs, tokenIssuer, log });
    handle = (request, response) => {
      if (isLocalPath(request.url ?? "/")) local(request, response);
      else gateway(request, response);
    };
  } catch (error) {
    // Anything the app definition or the options got wrong stops what already started.
    await abortStart(error);
  }
  markStarted();

  const watchers =
    options.watch === false
      ? []
      : // Portico's own sources exist only in its repository; a project using Portico has just app/.
        (options.watch ?? [appDir, resolve("src/runtime"), resolve("src/model")])
          .filter((dir) => existsSync(dir))
          .map((dir) =>
            watchSettled(dir, () => {
              pool.reload();
              log(`reloaded functions after a change under ${dir}`);
            }),
          );

  // Published as soon as the server listens: `portico token` works while DynamoDB still starts.
  await publishRunning(dataDir, {
    url,
    issuer: tokenIssuer.issuer,
    dynamodbEndpoint: endpoints.dynamodbEndpoint,
    dynamodbAccessKeyId: accessKeyId,
    tableName,
    bucketName,
    s3Endpoint: endpoints.s3Endpoint,
    pid: process.pid,
  }).catch(abortStart);

  let stopped: Promise<void> | undefined;
  return {
    url,
    apiUrl: `${url}/${app.api.stage}`,
    docsUrl: `${url}${localDocsPath}`,
    tokenIssuer,
    ready,
    stop() {
      stopped ??= (async () => {
        for (const watcher of watchers) watcher.close();
        const graceMs = options.drainGraceMs ?? drainGraceMs;
        const graceEnds = performance.now() + graceMs;
        const left = await drain.drain(graceMs, () => stopping.abort());
        if (left > 0) log(`stopped: ${left} requests still in flight after ${graceMs} ms were answered 503`);
        // No retry starts from now on; an invocation under way may finish within what is left of the grace.
        recorderDelivery?.close();
        await recorderDelivery?.settled(Math.max(0, graceEnds - performance.now()));
        await pool.close();
        await (await dynamodb?.catch(() => undefined))?.stop();
        await (await s3.catch(() => undefined))?.stop();
        await clearRunning(dataDir);
      })();
      return stopped;
    },
  };
}
