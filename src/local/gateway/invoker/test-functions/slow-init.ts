/** A function whose module takes longer to load than its timeout allows an invocation. */
await new Promise((resolve) => setTimeout(resolve, 600));

export const handler = async () => ({ statusCode: 200, body: "loaded" });
