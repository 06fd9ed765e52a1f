import type { FilterLogEventsCommand, FilterLogEventsCommandOutput } from "@aws-sdk/client-cloudwatch-logs";
import { describe, expect, it } from "vitest";
import {
  followEntries,
  LogCursor,
  type LogEntry,
  type LogsClient,
  readEntries,
  requestIdPattern,
} from "./entries.js";

type Input = FilterLogEventsCommand["input"];

/** A CloudWatch Logs client (mocked): answers FilterLogEvents from `answer`, recording each input. */
function mockedLogs(answer: (input: Input, call: number) => Partial<FilterLogEventsCommandOutput> | Error) {
  const inputs: Input[] = [];
  const client = {
    send: async (command: FilterLogEventsCommand) => {
      inputs.push(command.input);
      const reply = answer(command.input, inputs.length);
      if (reply instanceof Error) throw reply;
      return reply;
    },
  } as unknown as LogsClient;
  return { client, inputs };
}

const event = (eventId: string, timestamp: number, message = `{"message":"${eventId}"}`) => ({
  eventId,
  timestamp,
  message,
});

const accounts = { functionName: "accounts-get", logGroupName: "/aws/lambda/app-dev-accounts-get" };
const notes = { functionName: "notes-get", logGroupName: "/aws/lambda/app-dev-notes-get" };

describe("reading function logs (CloudWatch Logs client mocked)", () => {
  it("follows nextToken through every page of a group, with the start time and filter pattern", async () => {
    const { client, inputs } = mockedLogs((input) =>
      input.nextToken === undefined
        ? { events: [event("a", 10)], nextToken: "page-2" }
        : { events: [event("b", 11)] },
    );
    const entries = await readEntries(client, [accounts], { startTime: 5, filterPattern: "{ $.x = 1 }" });
    expect(entries.map((entry) => entry.eventId)).toEqual(["a", "b"]);
    expect(inputs).toEqual([
      { logGroupName: accounts.logGroupName, startTime: 5, filterPattern: "{ $.x = 1 }" },
      {
        logGroupName: accounts.logGroupName,
        startTime: 5,
        filterPattern: "{ $.x = 1 }",
        nextToken: "page-2",
      },
    ]);
  });

  it("merges every function's group in time order, naming each entry's function", async () => {
    const { client } = mockedLogs((input) => ({
      events:
        input.logGroupName === accounts.logGroupName ? [event("u1", 1), event("u3", 3)] : [event("t2", 2)],
    }));
    const entries = await readEntries(client, [accounts, notes], { startTime: 0 });
    expect(entries.map((entry) => [entry.functionName, entry.eventId])).toEqual([
      ["accounts-get", "u1"],
      ["notes-get", "t2"],
      ["accounts-get", "u3"],
    ]);
  });

  it("reads a group that does not exist yet as empty, and passes other errors on", async () => {
    const missing = Object.assign(new Error("gone"), { name: "ResourceNotFoundException" });
    expect(await readEntries(mockedLogs(() => missing).client, [accounts], { startTime: 0 })).toEqual([]);
    const denied = Object.assign(new Error("no"), { name: "AccessDeniedException" });
    await expect(readEntries(mockedLogs(() => denied).client, [accounts], { startTime: 0 })).rejects.toThrow(
      "no",
    );
  });
});

describe("following function logs (CloudWatch Logs client mocked)", () => {
  it("polls from the last timestamp seen and prints each event once", async () => {
    const polls = [[event("a", 10), event("b", 20)], [event("b", 20), event("c", 20), event("d", 30)], []];
    const { client, inputs } = mockedLogs((_, call) => ({ events: polls[call - 1] ?? [] }));
    const printed: LogEntry[] = [];
    let pauses = 0;
    await followEntries({
      client,
      sources: [accounts],
      startTime: 1,
      print: (entry) => printed.push(entry),
      pause: async () => {
        pauses += 1;
      },
      stopped: () => pauses >= 3,
    });
    expect(printed.map((entry) => entry.eventId)).toEqual(["a", "b", "c", "d"]);
    expect(inputs.map((input) => input.startTime)).toEqual([1, 20, 30]);
  });

  it("stops after the poll in flight when stopped during a pause", async () => {
    const { client, inputs } = mockedLogs(() => ({ events: [] }));
    let stopped = false;
    await followEntries({
      client,
      sources: [accounts],
      startTime: 0,
      print: () => {},
      pause: async () => {
        stopped = true;
      },
      stopped: () => stopped,
    });
    expect(inputs).toHaveLength(1);
  });
});

describe("a log cursor", () => {
  it("forgets the ids older than where the next poll starts", () => {
    const cursor = new LogCursor(0);
    const entry = (eventId: string, timestamp: number): LogEntry => ({
      functionName: "f",
      eventId,
      timestamp,
      message: "",
    });
    expect(cursor.admit([entry("a", 5), entry("b", 7)]).map((e) => e.eventId)).toEqual(["a", "b"]);
    expect(cursor.since).toBe(7);
    // "a" is behind the start: a poll from 7 never returns it, so it need not be remembered.
    expect(cursor.admit([entry("b", 7), entry("c", 7)]).map((e) => e.eventId)).toEqual(["c"]);
  });
});

describe("the request id filter", () => {
  it("matches API Gateway's id or Lambda's in a JSON line", () => {
    expect(requestIdPattern("Ab1cD2eF3gH4iJ=")).toBe(
      '{ $.requestId = "Ab1cD2eF3gH4iJ=" || $.awsRequestId = "Ab1cD2eF3gH4iJ=" }',
    );
  });

  it("refuses an id that could break out of the pattern", () => {
    expect(() => requestIdPattern('x" || $.level = "INFO')).toThrow(RangeError);
  });
});
