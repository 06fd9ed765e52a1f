/**
 * `portico dev`: starts the dev server and serves until interrupted. DynamoDB Local's JVM is the
 * slow part of a start, so it is spawned first, from the few modules that start it; the app, the
 * dev server and the OpenAPI document load while the JVM starts.
 */
import { resolve } from "node:path";
import { type AllowedHosts, AllowedHostsError, createHostCheck } from "../../local/allowed-hosts.js";
import { defaultDataDir } from "../../local/dev/local-state.js";
import { seedSummary } from "../../local/dev/seed-report.js";
import { startDatabase } from "../../local/dev/start-database.js";
import { requireLocalPeers } from "../../local/peers.js";
import type { EntityRoute } from "../../model/index.js";
import { type ParsedCommand, recordEventsEnv, serverPort, UsageError } from "../flags.js";
import type { Io } from "../io.js";
import { loadApp } from "../load-app.js";

const engineNames = {
  "dynamodb-local": "DynamoDB Local",
  external: "an external DynamoDB",
} as const;

/**
 * `--allowed-hosts tunnel.example,.example.test` as the dev server's `allowedHosts`; `true` answers any
 * Host. A malformed name is a usage error before anything starts.
 */
export function allowedHostsFlag(value: string | boolean | undefined): AllowedHosts | undefined {
  if (typeof value !== "string") return undefined;
  if (value.trim() === "true") return true;
  const names = value
    .split(",")
    .map((name) => name.trim())
    .filter((name) => name !== "");
  try {
    createHostCheck(names);
  } catch (error) {
    if (error instanceof AllowedHostsError) throw new UsageError(`--allowed-hosts: ${error.message}`);
    throw error;
  }
  return names;
}

export async function devCommand(parsed: ParsedCommand, io: Io, stopSignal: Promise<void>): Promise<number> {
  const started = performance.now();
  // Before the JVM starts: the dev server's own modules import them.
  requireLocalPeers();
  const record = parsed.values["record-events"] ?? process.env[recordEventsEnv];
  const allowedHosts = allowedHostsFlag(parsed.values["allowed-hosts"]);
  const port = serverPort(parsed.values.port);
  const inMemory = parsed.values["in-memory"] === true;
  const dataDir = resolve(
    typeof parsed.values["data-dir"] === "string" ? parsed.values["data-dir"] : defaultDataDir,
  );
  const database = await startDatabase({
    external: undefined,
    externalAccessKeyId: undefined,
    dataDir,
    inMemory,
  });
  const [app, { startDevServer }, { openApiDocument }] = await Promise.all([
    loadApp(),
    import("../../local/dev/dev-server.js"),
    import("../../openapi/index.js"),
  ]).catch(async (error: unknown) => {
    await (await database.service?.catch(() => undefined))?.stop();
    throw error;
  });
  // From here the server owns the database: it stops it when it fails to start, and with itself.
  const server = await startDevServer({
    app,
    database,
    ...(allowedHosts === undefined ? {} : { allowedHosts }),
    port,
    inMemory,
    dataDir,
    ...(typeof record === "string" && record !== "" ? { recordEventsDir: record } : {}),
    ...(parsed.values["no-watch"] === true ? { watch: false } : {}),
    openApi: (serverUrl) => openApiDocument(app, { serverUrl }),
    log: (line) => io.out(line),
  });
  io.out(`Portico: ${app.name} on ${server.apiUrl} (Node.js ${process.version})`);
  io.out(`  docs   ${server.docsUrl}`);
  if (allowedHosts === true) {
    io.err(
      "  WARNING --allowed-hosts true answers any Host: a web page that rebinds its name to this machine " +
        "can mint tokens and read or delete the local data.",
    );
  }
  // `portico token` reads this server's issuer from its data folder: name the folder when not the default.
  const dataDirFlag =
    typeof parsed.values["data-dir"] === "string" ? ` --data-dir ${parsed.values["data-dir"]}` : "";
  io.out(
    `  token  TOKEN=$(npx portico token --sub alice${dataDirFlag})   (admin: --scope ${app.auth.adminScope})`,
  );
  const ownRoute = app.routes.find(
    (route): route is EntityRoute =>
      route.kind === "entity" && route.operation === "get" && route.entity.parent === undefined,
  );
  if (ownRoute !== undefined) {
    const path = ownRoute.path.replace(`{${ownRoute.entity.ownerParam}}`, "me");
    io.out(`  try    curl -H "Authorization: Bearer $TOKEN" ${server.apiUrl}${path}`);
  }
  server.ready.then(
    ({ engine: used, seed }) => {
      io.out(`  data   ${engineNames[used]}, ready in ${Math.round(performance.now() - started)} ms`);
      if (seed !== undefined) for (const line of seedSummary(seed)) io.out(`  seed   ${line}`);
    },
    (error: unknown) =>
      io.err(`DynamoDB failed to start: ${error instanceof Error ? error.message : String(error)}`),
  );
  await stopSignal;
  await server.stop();
  return 0;
}
