/**
 * `portico invoke ['<route key>'] --event <file>`: runs one route's function on a recorded event in
 * this process, against the running dev server's DynamoDB, and prints the function's response.
 * The route defaults to the event's own `routeKey`; a named route that is not the event's is
 * refused before anything runs, as replaying a GET's event on DELETE would delete real data.
 */
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { functionEnvironment } from "../../local/dev/function-environment.js";
import { unpublishedServiceEndpoints } from "../../local/dev/local-endpoints.js";
import {
  defaultDataDir,
  persistentAccessKeyId,
  persistentS3Credentials,
  persistentSecret,
  readRunning,
} from "../../local/dev/local-state.js";
import { describeApp, describedFunction } from "../../model/index.js";
import { type ParsedCommand, UsageError } from "../flags.js";
import type { Io } from "../io.js";
import { loadApp } from "../load-app.js";

function eventRouteKey(event: unknown): string | undefined {
  const routeKey = typeof event === "object" && event !== null ? Reflect.get(event, "routeKey") : undefined;
  return typeof routeKey === "string" ? routeKey : undefined;
}

export async function invokeCommand(parsed: ParsedCommand, io: Io): Promise<number> {
  const eventFile = parsed.values.event;
  if (typeof eventFile !== "string") throw new UsageError("--event <file> is required.");
  const event = JSON.parse(await readFile(eventFile, "utf8")) as unknown;
  const recorded = eventRouteKey(event);
  const routeKey = parsed.positionals[0] ?? recorded;
  if (routeKey === undefined) {
    throw new UsageError(`${eventFile} has no routeKey: name the route ('GET /accounts/{accountId}').`);
  }
  if (recorded !== undefined && recorded !== routeKey) {
    io.err(
      `portico: ${eventFile} was recorded on "${recorded}", not "${routeKey}": nothing was run ` +
        "(leave the route out to replay the event on its own).",
    );
    return 2;
  }
  const description = describeApp(await loadApp());
  const route = description.routes.find((candidate) => candidate.routeKey === routeKey);
  if (route === undefined) {
    throw new UsageError(
      `No route "${routeKey}". Routes: ${description.routes.map((r) => r.routeKey).join(", ")}.`,
    );
  }
  const dataDir = resolve(
    typeof parsed.values["data-dir"] === "string" ? parsed.values["data-dir"] : defaultDataDir,
  );
  const running = await readRunning(dataDir);
  const fn = describedFunction(description, route.function);
  if (running === undefined && route.kind !== "app") {
    io.err("No dev server is running: start `npm start` first, so the function has its DynamoDB.");
    return 1;
  }
  // Before the function's module loads: `route()` makes its store from this environment then.
  Object.assign(
    process.env,
    functionEnvironment(description, fn, {
      tableName: running?.tableName ?? description.table.name,
      cursorSecret: await persistentSecret(dataDir, "cursor-secret"),
      dynamodbEndpoint: running?.dynamodbEndpoint ?? unpublishedServiceEndpoints.dynamodb,
      accessKeyId: running?.dynamodbAccessKeyId ?? (await persistentAccessKeyId(dataDir)),
      bucketName: running?.bucketName ?? description.bucket.name,
      s3Endpoint: running?.s3Endpoint ?? unpublishedServiceEndpoints.s3,
      s3Credentials: await persistentS3Credentials(dataDir),
    }),
  );
  const module = (await import(pathToFileURL(join(resolve("app"), fn.entry)).href)) as {
    handler: (event: unknown) => Promise<unknown>;
  };
  io.out(JSON.stringify(await module.handler(event), null, 2));
  return 0;
}
