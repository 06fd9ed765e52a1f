/**
 * `portico logs [function] --stage <stage> [--follow] [--request-id <id>] [--since 10m]`: a
 * deployed stage's function logs from CloudWatch Logs, one readable line per entry, as `sam logs`
 * prints them. Without a function name, every function's log group, merged in time order.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { functionLogGroupName } from "../../infra/names.js";
import { type App, describeApp } from "../../model/index.js";
import { checkAwsCredentials } from "../aws/credentials.js";
import { FunctionNameError } from "../errors.js";
import { type ParsedCommand, UsageError } from "../flags.js";
import type { Io } from "../io.js";
import { loadApp } from "../load-app.js";
import {
  followEntries,
  type LogSource,
  type LogsClient,
  readEntries,
  requestIdPattern,
} from "../logs/entries.js";
import { formatLogEntry } from "../logs/format.js";
import { chosenStage } from "../stage.js";

/** How often `--follow` polls. */
export const followIntervalMs = 2_000;

const units = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `--since 10m` in milliseconds: a whole number of s, m, h or d. */
export function sinceMs(flag: string | boolean | undefined): number {
  const value = typeof flag === "string" ? flag : "10m";
  const match = /^(\d+)([smhd])$/.exec(value.trim());
  if (match === null)
    throw new UsageError(`--since takes a duration like 30s, 10m, 2h or 1d, got "${value}".`);
  return Number(match[1]) * units[match[2] as keyof typeof units];
}

export interface LogsDeps {
  readonly loadApp: () => Promise<App>;
  readonly checkCredentials: () => Promise<void>;
  /** A CloudWatch Logs client in the stage's region (the SDK's own when the stage names none). */
  readonly client: (region: string | undefined) => LogsClient;
  readonly now: () => number;
  readonly pause: (ms: number, stop: Promise<void>) => Promise<void>;
}

export const logsDeps: LogsDeps = {
  loadApp: () => loadApp(),
  checkCredentials: () => checkAwsCredentials(),
  client: (region) => new CloudWatchLogsClient(region === undefined ? {} : { region }),
  now: () => Date.now(),
  pause: (ms, stop) => Promise.race([sleep(ms, undefined, { ref: false }), stop]),
};

export async function logsCommand(
  parsed: ParsedCommand,
  io: Io,
  stopSignal: Promise<void>,
  deps: LogsDeps = logsDeps,
): Promise<number> {
  const description = describeApp(await deps.loadApp());
  const stage = chosenStage(description, parsed.values.stage);
  const named = parsed.positionals[0];
  const functions = description.functions.filter((fn) => named === undefined || fn.name === named);
  if (named !== undefined && functions.length === 0) {
    throw new FunctionNameError(
      named,
      description.functions.map((fn) => fn.name),
    );
  }
  const since = sinceMs(parsed.values.since);
  const requestId = parsed.values["request-id"];
  let filterPattern: string | undefined;
  try {
    filterPattern = typeof requestId === "string" ? requestIdPattern(requestId) : undefined;
  } catch (error) {
    throw new UsageError(`--request-id: ${(error as Error).message}`);
  }
  await deps.checkCredentials();
  const sources: LogSource[] = functions.map((fn) => ({
    functionName: fn.name,
    logGroupName: functionLogGroupName(description, stage.name, fn),
  }));
  const client = deps.client(stage.config.region);
  const query = { startTime: deps.now() - since, ...(filterPattern === undefined ? {} : { filterPattern }) };
  const print = (line: string) => io.out(line);
  if (parsed.values.follow !== true) {
    for (const entry of await readEntries(client, sources, query)) print(formatLogEntry(entry));
    return 0;
  }
  let stopped = false;
  void stopSignal.then(() => {
    stopped = true;
  });
  await followEntries({
    client,
    sources,
    ...query,
    print: (entry) => print(formatLogEntry(entry)),
    pause: () => deps.pause(followIntervalMs, stopSignal),
    stopped: () => stopped,
  });
  return 0;
}
