import { afterEach, describe, expect, it, vi } from "vitest";

const realEnv = process.env;

afterEach(() => {
  process.env = realEnv;
});

/** `process.env`, recording every name read. */
function recordingEnv(reads: string[]): NodeJS.ProcessEnv {
  return new Proxy(
    { ...realEnv },
    {
      get(target, name) {
        if (typeof name === "string") reads.push(name);
        return Reflect.get(target, name);
      },
    },
  );
}

describe("the runtime's logger", () => {
  // The SDK and Powertools' common module read a few names of their own when imported (for
  // their User-Agent header); none of them is a setting the local twin or `invoke` gives a function.
  it("importing the runtime entry reads none of a function's settings", async () => {
    vi.resetModules();
    const reads: string[] = [];
    process.env = recordingEnv(reads);
    await import("./index.js");
    const settings = reads.filter((name) => /^(PORTICO_|POWERTOOLS_)|LOG_LEVEL$|^AWS_REGION$/.test(name));
    expect(settings).toEqual([]);
  });

  it("is made on first use, from the environment as it is then", async () => {
    vi.resetModules();
    const { logger } = await import("./index.js");
    process.env = { ...realEnv, POWERTOOLS_SERVICE_NAME: "set-after-import" };
    const lines: string[] = [];
    const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    try {
      logger().setLogLevel("INFO");
      logger().info("hello");
    } finally {
      write.mockRestore();
    }
    expect(logger()).toBe(logger());
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({ message: "hello", service: "set-after-import" }),
    ]);
  });
});
