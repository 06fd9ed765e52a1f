/**
 * One cold start, as Lambda's runtime does it, in a fresh `node` with no loader or flag: import the
 * bundle (argv[2]), then serve one event (argv[3], JSON). Plain JavaScript, so nothing but the
 * bundle is compiled. Prints one JSON line: `initMs` (process start → handler loaded, on the
 * process's own clock, whose origin is its start), `invokeMs` (the first invocation) and the answer's
 * status. Exits at once, as Lambda freezes the process after the answer.
 */
const [bundle, eventJson] = process.argv.slice(2);
const { handler } = await import(bundle);
const initMs = performance.now();
const event = JSON.parse(eventJson);
const context = {
  awsRequestId: event.requestContext?.requestId ?? "cold-start",
  getRemainingTimeInMillis: () => 29_000,
};
const response = await handler(event, context);
const invokeMs = performance.now() - initMs;
process.stdout.write(`\n${JSON.stringify({ initMs, invokeMs, statusCode: response?.statusCode ?? null })}\n`);
process.exit(0);
