/**
 * An SDK request handler that answers from memory what it first recorded from the real service.
 * In `record` mode it sends each request to the service (DynamoDB Local, the embedded S3) and keeps
 * the responses of the last invocation; in `replay` mode it answers the same responses again, in
 * the same order, without a socket. The SDK still builds, signs and parses every request: only the
 * round trip is gone, which is what "handler work" means (issue 11, point 3).
 */
import { Readable } from "node:stream";
import type { HttpHandler, HttpRequest } from "@smithy/core/protocols";
import { HttpResponse } from "@smithy/core/protocols";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import type { HttpHandlerOptions } from "@smithy/types";

interface Recorded {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: Uint8Array;
}

async function bytesOf(body: unknown): Promise<Uint8Array> {
  if (body === undefined || body === null) return new Uint8Array();
  if (body instanceof Uint8Array) return body;
  const chunks: Buffer[] = [];
  for await (const chunk of body as AsyncIterable<Buffer | string>) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** A response as the network gives one: a stream (S3's GetObject reads it as one), its own headers. */
function answer(recorded: Recorded): HttpResponse {
  return new HttpResponse({
    statusCode: recorded.statusCode,
    headers: { ...recorded.headers },
    body: Readable.from([Buffer.from(recorded.body)]),
  });
}

export class MemoryTransport implements HttpHandler<HttpHandlerOptions> {
  private readonly network = new NodeHttpHandler({ connectionTimeout: 1_000, requestTimeout: 5_000 });
  private mode: "record" | "replay" = "record";
  private recorded: Recorded[] = [];
  private next = 0;
  /** Requests sent (recorded or replayed) since the last `reset()`: DynamoDB or S3 requests per invocation. */
  requests = 0;
  /** The HTTP methods of the requests since the last `reset()` (S3 prices GETs and PUTs apart). */
  methods: string[] = [];

  /** Starts a new invocation: in record mode its responses replace the ones kept. */
  reset(): void {
    this.requests = 0;
    this.methods = [];
    this.next = 0;
    if (this.mode === "record") this.recorded = [];
  }

  /** From now on, answer from memory what the last recorded invocation got. */
  replay(): void {
    this.mode = "replay";
    this.next = 0;
  }

  async handle(request: HttpRequest, options?: HttpHandlerOptions): Promise<{ response: HttpResponse }> {
    this.requests++;
    this.methods.push(request.method);
    if (this.mode === "replay") {
      const recorded = this.recorded[this.next++ % this.recorded.length];
      if (recorded === undefined)
        throw new Error("the replayed invocation sends more requests than it recorded");
      return { response: answer(recorded) };
    }
    const { response } = await this.network.handle(request, options);
    const body = await bytesOf(response.body);
    const recorded = { statusCode: response.statusCode, headers: { ...response.headers }, body };
    this.recorded.push(recorded);
    return { response: answer(recorded) };
  }

  updateHttpClientConfig(): void {}

  httpHandlerConfigs(): HttpHandlerOptions {
    return {};
  }

  destroy(): void {
    this.network.destroy();
  }
}
