import { describe, expect, it } from "vitest";
import { commandHelp, generalHelp, parseCommand, UsageError } from "./flags.js";

describe("portico's flags", () => {
  it("parses a command's flags and positionals", () => {
    expect(parseCommand(["token", "--sub", "alice", "--scope", "app/admin"])).toMatchObject({
      command: "token",
      help: false,
      values: { sub: "alice", scope: "app/admin" },
    });
    expect(parseCommand(["invoke", "GET /health", "--event", "e.json"]).positionals).toEqual(["GET /health"]);
    expect(parseCommand(["invoke", "--event", "e.json"]).positionals).toEqual([]);
    expect(parseCommand(["dev", "--in-memory", "--port", "0"]).values).toMatchObject({
      "in-memory": true,
      port: "0",
    });
  });

  it("refuses unknown commands, unknown flags and missing arguments, naming them", () => {
    expect(() => parseCommand(["deploy-everything"])).toThrow(
      new UsageError('Unknown command "deploy-everything".'),
    );
    expect(() => parseCommand(["token", "--nope"])).toThrow(/--nope/);
    expect(() => parseCommand(["invoke", "a", "b", "--event", "e.json"])).toThrow(/takes 0 to 1 argument/);
  });

  it("has help for each command", () => {
    expect(parseCommand(["dev", "--help"]).help).toBe(true);
    expect(commandHelp("dev")).toContain("--record-events");
    expect(generalHelp()).toMatch(
      /dev.*\n.*token.*\n.*openapi.*\n.*client.*\n.*invoke.*\n.*synth.*\n.*deploy.*\n.*diff.*\n.*destroy.*\n.*logs/,
    );
    expect(commandHelp("destroy")).toContain("--force");
    expect(commandHelp("client")).toContain("app/client/schema.ts");
    expect(parseCommand(["logs", "accounts-get", "--stage", "dev", "--follow"])).toMatchObject({
      positionals: ["accounts-get"],
      values: { stage: "dev", follow: true },
    });
  });
});
