/**
 * One warm sandbox: a worker thread that loads one function's module once (TypeScript through
 * tsx) and runs the events it is sent, keeping module state between invocations as a warm Lambda
 * container does. The result crosses back as JSON, as it would leave Lambda.
 */
import { parentPort, workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();

const { module, exportName, functionName, memoryMb, timeoutMs } = workerData;
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
