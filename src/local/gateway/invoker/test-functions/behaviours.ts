/** Functions with known behaviours, for the invoker's and the gateway's tests. */
let invocations = 0;

/** Echoes the event and counts invocations, so tests can see warm module state. */
export const echo = async (event: unknown) => ({
  statusCode: 200,
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ event, invocations: ++invocations, env: process.env.GREETING ?? null }),
});

export const throws = async () => {
  throw new Error("boom from the handler");
};

/** A result API Gateway cannot read: `body` must be a string. */
export const garbage = async () => ({ statusCode: 200, body: { not: "a string" } });

export const hangs = () => new Promise(() => {});

/** Answers 200 after `?ms=` milliseconds (100 without): a request that is in flight for a while. */
export const slow = async (event: { queryStringParameters?: Record<string, string> }) => {
  const ms = Number(event.queryStringParameters?.ms ?? 100);
  await new Promise((resolve) => setTimeout(resolve, ms));
  return { statusCode: 200, headers: { "content-type": "application/json" }, body: JSON.stringify({ ms }) };
};

/** Blocks its thread: only terminating the worker ends it. */
export const spins = async () => {
  for (;;) {
    // Busy on purpose.
  }
};

export const exits = async () => {
  process.exit(3);
};

/** Returns the request body's bytes as a binary response, base64-encoded as Lambda must. */
export const binary = async (event: { body?: string; isBase64Encoded?: boolean }) => ({
  statusCode: 200,
  headers: { "content-type": "image/png" },
  body: event.isBase64Encoded ? (event.body ?? "") : Buffer.from(event.body ?? "").toString("base64"),
  isBase64Encoded: true,
});

/** A header HTTP cannot carry: API Gateway cannot send this response. */
export const badHeader = async () => ({ statusCode: 200, headers: { "x-emoji": "caf☕" }, body: "" });

/** A response over Lambda's 6 MB limit. */
export const huge = async () => ({ statusCode: 200, body: "x".repeat(6 * 1024 * 1024 + 1) });
