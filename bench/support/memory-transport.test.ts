import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { DynamoDBClient, GetItemCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryTransport } from "./memory-transport.js";

let hits = 0;
const server = createServer((request, response) => {
  hits++;
  request.resume();
  response.writeHead(200, { "content-type": "application/x-amz-json-1.0" });
  response.end(JSON.stringify({ Item: { PK: { S: "USER#a" }, name: { S: `answer ${hits}` } } }));
});

beforeAll(() => new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve)));
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("the bench's memory transport", () => {
  it("records the service's answer, then replays it with no request reaching the service", async () => {
    const transport = new MemoryTransport();
    const client = new DynamoDBClient({
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      region: "us-east-1",
      credentials: { accessKeyId: "a", secretAccessKey: "b" },
      requestHandler: transport,
    });
    const get = () => client.send(new GetItemCommand({ TableName: "table", Key: { PK: { S: "USER#a" } } }));
    transport.reset();
    const recorded = await get();
    transport.replay();
    const replayed = [];
    for (let index = 0; index < 3; index++) {
      transport.reset();
      replayed.push(await get());
      expect(transport.requests).toBe(1);
    }
    expect(hits).toBe(1);
    for (const output of replayed) expect(output.Item).toEqual(recorded.Item);
    client.destroy();
  });
});
