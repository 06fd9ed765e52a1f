import type { FilterLogEventsCommand } from "@aws-sdk/client-cloudwatch-logs";
import { describe, expect, it } from "vitest";
import { deployedTestApp as app } from "../../../test/support/store-entities.js";
import { functionLogGroupName } from "../../infra/names.js";
import { describeApp } from "../../model/index.js";
import { FunctionNameError, MissingCredentialsError } from "../errors.js";
import { parseCommand, UsageError } from "../flags.js";
import type { LogsClient } from "../logs/entries.js";
import { type LogsDeps, logsCommand, sinceMs } from "./logs.js";

const now = Date.UTC(2026, 4, 1, 12, 0, 0);

/** The command's dependencies, CloudWatch Logs mocked: one JSON line per group on the first poll. */
function logsFakes(options: { credentials?: boolean } = {}) {
  const inputs: FilterLogEventsCommand["input"][] = [];
  const regions: (string | undefined)[] = [];
  const out: string[] = [];
  const client = {
    send: async (command: FilterLogEventsCommand) => {
      inputs.push(command.input);
      return inputs.length > 1
        ? { events: [] }
        : {
            events: [
              {
                eventId: "e1",
                timestamp: now,
                message: '{"level":"INFO","message":"hi","status":200,"requestId":"r1"}',
              },
            ],
          };
    },
  } as unknown as LogsClient;
  const deps: LogsDeps = {
    loadApp: async () => app,
    checkCredentials: async () => {
      if (options.credentials === false) throw new MissingCredentialsError("none found");
    },
    client: (region) => {
      regions.push(region);
      return client;
    },
    now: () => now,
    pause: async () => {},
  };
  const io = { out: (line: string) => out.push(line), err: () => {} };
  return { deps, inputs, regions, out, io };
}

const never = new Promise<void>(() => {});
const description = describeApp(app);

describe("portico logs (CloudWatch Logs client mocked)", () => {
  it("reads the named function's log group since --since, filtered by --request-id, one line per entry", async () => {
    const { deps, inputs, out, io } = logsFakes();
    const parsed = parseCommand([
      "logs",
      "accounts-get",
      "--stage",
      "dev",
      "--since",
      "5m",
      "--request-id",
      "r1",
    ]);
    expect(await logsCommand(parsed, io, never, deps)).toBe(0);
    const accountsGet = description.functions.find((fn) => fn.name === "accounts-get");
    expect(inputs).toEqual([
      {
        logGroupName: functionLogGroupName(
          description,
          "dev",
          accountsGet as (typeof description.functions)[number],
        ),
        startTime: now - 5 * 60_000,
        filterPattern: '{ $.requestId = "r1" || $.awsRequestId = "r1" }',
      },
    ]);
    expect(out).toEqual(["2026-05-01T12:00:00.000Z accounts-get INFO hi 200 r1"]);
  });

  it("reads every function's group when none is named, from ten minutes back", async () => {
    const { deps, inputs, io } = logsFakes();
    await logsCommand(parseCommand(["logs", "--stage", "prod"]), io, never, deps);
    expect(inputs.map((input) => input.logGroupName)).toEqual(
      description.functions.map((fn) => functionLogGroupName(description, "prod", fn)),
    );
    expect(new Set(inputs.map((input) => input.startTime))).toEqual(new Set([now - 10 * 60_000]));
  });

  it("with --follow, keeps polling until stopped", async () => {
    const { deps, inputs, io } = logsFakes();
    let stop = () => {};
    const stopped = new Promise<void>((resolve) => {
      stop = resolve;
    });
    let pauses = 0;
    const following = logsCommand(
      parseCommand(["logs", "health", "--stage", "dev", "--follow"]),
      io,
      stopped,
      {
        ...deps,
        pause: async () => {
          pauses += 1;
          if (pauses === 3) stop();
          await Promise.resolve();
        },
      },
    );
    expect(await following).toBe(0);
    expect(inputs.length).toBe(3);
  });

  it("refuses an unknown function with the list of known ones, before reaching AWS", async () => {
    const { deps, inputs, io } = logsFakes();
    await expect(
      logsCommand(parseCommand(["logs", "account-get", "--stage", "dev"]), io, never, deps),
    ).rejects.toThrow(
      new FunctionNameError(
        "account-get",
        description.functions.map((fn) => fn.name),
      ),
    );
    expect(inputs).toEqual([]);
  });

  it("stops without credentials before reading anything", async () => {
    const { deps, inputs, io } = logsFakes({ credentials: false });
    await expect(logsCommand(parseCommand(["logs", "--stage", "dev"]), io, never, deps)).rejects.toThrow(
      MissingCredentialsError,
    );
    expect(inputs).toEqual([]);
  });
});

describe("portico logs --since", () => {
  it("takes whole seconds, minutes, hours or days", () => {
    expect(sinceMs(undefined)).toBe(600_000);
    expect([sinceMs("30s"), sinceMs("2h"), sinceMs("1d")]).toEqual([30_000, 7_200_000, 86_400_000]);
    expect(() => sinceMs("ten minutes")).toThrow(UsageError);
  });
});
