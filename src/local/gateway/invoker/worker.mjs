/**
 * One warm sandbox: a worker thread that loads one function's module once (TypeScript transpiled
 * by the dev server, see transpile-hooks.mjs) and runs the events it is sent, keeping module state
 * between invocations as a warm Lambda container does. The result crosses back as JSON, as it
 * would leave Lambda.
 */
import { register } from "node:module";
import { parentPort, workerData } from "node:worker_threads";

const { module, exportName, functionName, memoryMb, timeoutMs, transpiler, conditions } = workerData;
register("./transpile-hooks.mjs", import.meta.url, {
  data: { port: transpiler, conditions },
  transferList: [transpiler],
});
// Stack traces name the TypeScript lines (the transpiled code carries inline source maps).
process.setSourceMapsEnabled(true);
let handler;
try {
  const loaded = await import(module);
  handler = loaded[exportName];
  if (typeof handler !== "function")
    throw new TypeError(`${module} does not export a function "${exportName}"`);
} catch (error) {
  // Lambda reports an init error on the invocation; the gateway answers 500.
  parentPort.postMessage({
    type: "init-error",
    message: error instanceof Error ? (error.stack ?? error.message) : String(error),
  });
  throw error;
}
parentPort.postMessage({ type: "ready" });

parentPort.on("message", async ({ id, event, requestId }) => {
  const deadline = Date.now() + timeoutMs;
  const context = {
    awsRequestId: requestId,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: String(memoryMb),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: "local",
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  try {
    const result = await handler(event, context);
    let json;
    try {
      json = JSON.stringify(result === undefined ? null : result);
    } catch (error) {
      parentPort.postMessage({ id, ok: false, message: `the result is not JSON: ${error.message}` });
      return;
    }
    parentPort.postMessage({ id, ok: true, json });
  } catch (error) {
    parentPort.postMessage({
      id,
      ok: false,
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
});
