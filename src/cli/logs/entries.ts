/**
 * Reading a deployed stage's function logs from CloudWatch Logs: FilterLogEvents over each
 * function's log group, every page of it, merged in time order; and following them, polling from
 * the last timestamp seen. A poll starts at that timestamp itself (inclusive, as FilterLogEvents'
 * `startTime` is), so events already printed there are recognised by their `eventId` and skipped.
 */
import {
  type CloudWatchLogsClient,
  FilterLogEventsCommand,
  type FilterLogEventsCommandOutput,
} from "@aws-sdk/client-cloudwatch-logs";

/** One function's log group. */
export interface LogSource {
  /** The function's name in `describeApp`. */
  readonly functionName: string;
  readonly logGroupName: string;
}

export interface LogEntry {
  readonly functionName: string;
  readonly timestamp: number;
  readonly eventId: string;
  readonly message: string;
}

export type LogsClient = Pick<CloudWatchLogsClient, "send">;

export interface LogQuery {
  readonly startTime: number;
  readonly filterPattern?: string;
}

/** A filter pattern matching JSON lines of one request: API Gateway's id (`requestId`) or Lambda's (`awsRequestId`). */
export function requestIdPattern(requestId: string): string {
  // Ids are base64 or UUIDs; anything else could break out of the quoted pattern value.
  if (!/^[A-Za-z0-9=+/_.-]{1,128}$/.test(requestId)) {
    throw new RangeError(`"${requestId}" is not a request id (letters, digits and =+/_.- only).`);
  }
  return `{ $.requestId = "${requestId}" || $.awsRequestId = "${requestId}" }`;
}

function isMissingGroup(error: unknown): boolean {
  return error instanceof Error && error.name === "ResourceNotFoundException";
}

/** Every event of one log group since `query.startTime`, following `nextToken` to the last page. */
async function sourceEntries(client: LogsClient, source: LogSource, query: LogQuery): Promise<LogEntry[]> {
  const entries: LogEntry[] = [];
  let nextToken: string | undefined;
  do {
    let page: FilterLogEventsCommandOutput;
    try {
      page = await client.send(
        new FilterLogEventsCommand({
          logGroupName: source.logGroupName,
          startTime: query.startTime,
          ...(query.filterPattern === undefined ? {} : { filterPattern: query.filterPattern }),
          ...(nextToken === undefined ? {} : { nextToken }),
        }),
      );
    } catch (error) {
      // A function's group appears with its first line on a stack that does not make it.
      if (isMissingGroup(error)) return entries;
      throw error;
    }
    for (const event of page.events ?? []) {
      if (event.eventId === undefined || event.timestamp === undefined) continue;
      entries.push({
        functionName: source.functionName,
        timestamp: event.timestamp,
        eventId: event.eventId,
        message: event.message ?? "",
      });
    }
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return entries;
}

/** The events of every source since `query.startTime`, oldest first. */
export async function readEntries(
  client: LogsClient,
  sources: readonly LogSource[],
  query: LogQuery,
): Promise<LogEntry[]> {
  const all = await Promise.all(sources.map((source) => sourceEntries(client, source, query)));
  return all.flat().sort((a, b) => a.timestamp - b.timestamp);
}

/** Which events a follower has printed: the last timestamp, and the ids seen at or after it. */
export class LogCursor {
  #since: number;
  #seen = new Map<string, number>();

  constructor(since: number) {
    this.#since = since;
  }

  /** Where the next poll starts. */
  get since(): number {
    return this.#since;
  }

  /** The entries not printed yet; advances past them, forgetting ids older than the new start. */
  admit(entries: readonly LogEntry[]): LogEntry[] {
    const fresh = entries.filter((entry) => !this.#seen.has(entry.eventId));
    for (const entry of fresh) {
      this.#seen.set(entry.eventId, entry.timestamp);
      this.#since = Math.max(this.#since, entry.timestamp);
    }
    for (const [id, timestamp] of this.#seen) if (timestamp < this.#since) this.#seen.delete(id);
    return fresh;
  }
}

export interface FollowOptions extends LogQuery {
  readonly client: LogsClient;
  readonly sources: readonly LogSource[];
  readonly print: (entry: LogEntry) => void;
  /** Resolves after the interval between polls, or at once when stopped. */
  readonly pause: () => Promise<void>;
  readonly stopped: () => boolean;
}

/** Prints what is there, then polls for more until `stopped()`. */
export async function followEntries(options: FollowOptions): Promise<void> {
  const cursor = new LogCursor(options.startTime);
  for (;;) {
    const entries = await readEntries(options.client, options.sources, {
      startTime: cursor.since,
      ...(options.filterPattern === undefined ? {} : { filterPattern: options.filterPattern }),
    });
    for (const entry of cursor.admit(entries)) options.print(entry);
    if (options.stopped()) return;
    await options.pause();
    if (options.stopped()) return;
  }
}
