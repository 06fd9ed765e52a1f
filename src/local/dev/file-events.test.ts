import { describe, expect, it } from "vitest";
import { testApp as app } from "../../../test/support/store-entities.js";
import { describeApp, recorderFunctionName } from "../../model/index.js";
import { decodeEventKey } from "../../runtime/index.js";
import type { InvocationOutcome } from "../gateway/invoker/function-pool.js";
import { createRecorderDelivery, encodeEventKey, s3EventOf } from "./file-events.js";

const recorder = describeApp(app).functions.find((fn) => fn.name === recorderFunctionName);
if (recorder === undefined) throw new Error("The test app has a file recorder.");
const record = { bucket: "b", key: "accounts/a b/picture/x", size: 3, eventName: "ObjectCreated:Post" };

describe("S3 events for the recorder", () => {
  it("are S3 notification records, with the key URL-encoded as S3 sends it and read back by the recorder", () => {
    const [sent] = s3EventOf({ ...record, key: "accounts/al%ice+bob é/picture/x" }).Records as {
      s3: { object: { key: string } };
      eventSource: string;
    }[];
    expect(sent?.eventSource).toBe("aws:s3");
    expect(sent?.s3.object.key).toBe("accounts/al%25ice%2Bbob+%C3%A9/picture/x");
    expect(decodeEventKey(sent?.s3.object.key as string)).toBe("accounts/al%ice+bob é/picture/x");
    expect(encodeEventKey("a/b c")).toBe("a/b+c");
    // A malformed encoding is no key of the app's: the recorder ignores it rather than failing.
    expect(decodeEventKey("accounts/%E0%A4%A/picture/x")).toBeUndefined();
  });

  it("are delivered only for keys under the trigger's prefixes, and retried twice when the recorder fails", async () => {
    const calls: string[] = [];
    const outcomes: InvocationOutcome[] = [
      { kind: "error", message: "S3 is down" },
      { kind: "timeout" },
      { kind: "result", result: { results: ["recorded"] }, bytes: 0 },
    ];
    const lines: string[] = [];
    const delivery = createRecorderDelivery({
      recorder,
      invoke: async (name) => {
        calls.push(name);
        return outcomes.shift() ?? { kind: "error", message: "no more" };
      },
      log: (line) => lines.push(line),
      retryDelaysMs: [1, 1],
    });
    delivery.deliver({ ...record, key: "elsewhere/x" });
    delivery.deliver(record);
    await delivery.settled();
    expect(calls).toEqual(["files-record", "files-record", "files-record"]);
    expect(lines.at(-1)).toBe("files-record: s3://b/accounts/a b/picture/x recorded");
  });

  it("gives up after the retries, saying so", async () => {
    const lines: string[] = [];
    const delivery = createRecorderDelivery({
      recorder,
      invoke: async () => ({ kind: "crash", message: "boom" }),
      log: (line) => lines.push(line),
      retryDelaysMs: [1, 1],
    });
    delivery.deliver(record);
    await delivery.settled();
    expect(lines.at(-1)).toMatch(/gave up on s3:\/\/b\/accounts\/a b\/picture\/x after 3 attempts: boom/);
  });

  it("settles on stop: an invocation under way ends, a retry waiting is dropped, saying so", async () => {
    const lines: string[] = [];
    let finish: (outcome: InvocationOutcome) => void = () => {};
    const delivery = createRecorderDelivery({
      recorder,
      invoke: () =>
        new Promise<InvocationOutcome>((resolve) => {
          finish = resolve;
        }),
      log: (line) => lines.push(line),
      retryDelaysMs: [60_000],
    });
    delivery.deliver(record);
    // Bounded: the invocation under way has not answered, so the wait ends at its limit.
    await delivery.settled(10);
    delivery.close();
    finish({ kind: "error", message: "S3 went away" });
    await delivery.settled();
    expect(lines).toEqual([
      "files-record: s3://b/accounts/a b/picture/x failed (S3 went away); not retried: stopping",
    ]);
    // Nothing is delivered once closed.
    delivery.deliver(record);
    await delivery.settled();
    expect(lines).toHaveLength(1);
  });
});
