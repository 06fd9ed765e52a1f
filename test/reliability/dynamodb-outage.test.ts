/**
 * DynamoDB Local stopped mid-run, over real HTTP: a dev server on a DynamoDB Local of this file's
 * own (kept on disk), stopped during a burst of profile creates and restarted on the same port and
 * data. While it is down every request that needs it is a 503 problem with Retry-After (API.md,
 * Conventions); once it is back the same server answers again, and no write was left half done:
 * every profile holds its username claim and every claim names a profile that holds it.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DynamoDBDocumentClient, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { type DynamoDbService, startDynamoDb } from "portico/local/dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "../../app/entities/users.js";
import { claimHolder, claimPrefix, uniqueClaimKey } from "../../src/runtime/store/items.js";
import { tableLayout } from "../../src/runtime/store/table.js";
import { useLocalStack } from "../files/local-stack.js";
import { unique, userBody } from "../http/users-helpers.js";

let dataDir: string;
let database: DynamoDbService;
let port: number;

const restart = async () => {
  database = await startDynamoDb({
    inMemory: false,
    dataDir,
    port,
    accessKeyId: database.accessKeyId,
  });
};

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "portico-outage-"));
  database = await startDynamoDb({ inMemory: false, dataDir });
  port = Number(new URL(database.endpoint).port);
});
const stack = useLocalStack({
  database: () => ({ dynamodbEndpoint: database.endpoint, dynamodbAccessKeyId: database.accessKeyId }),
});
afterAll(async () => {
  await database.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function expectUnavailable(reply: Response): Promise<void> {
  expect(reply.status).toBe(503);
  expect(reply.headers.get("content-type")).toBe("application/problem+json");
  expect(Number(reply.headers.get("retry-after"))).toBeGreaterThan(0);
  const text = await reply.text();
  expect(JSON.parse(text)).toMatchObject({ status: 503, title: "Service Unavailable" });
  expect(text).not.toMatch(/Exception|ECONNREFUSED|127\.0\.0\.1|stack|files-/i);
}

/** Profiles and username claims as stored, each side checked against the other. */
async function expectClaimsConsistent(): Promise<Map<string, string>> {
  const client = DynamoDBDocumentClient.from(database.client());
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({ TableName: stack().tableName, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  const pk = tableLayout.partitionKey;
  const sk = tableLayout.sortKey;
  const profiles = items.filter((item) => item[sk] === users.keys.sk.render({}));
  const claims = new Map(
    items
      .filter((item) => String(item[pk]).startsWith(claimPrefix))
      .map((item) => [`${item[pk]}|${item[sk]}`, item.claimedBy]),
  );
  const usernames = new Map<string, string>();
  for (const profile of profiles) {
    const claim = uniqueClaimKey(users, "username", String(profile.username));
    const holder = claimHolder(users, { userId: String(profile.userId) });
    expect(claims.get(`${claim[pk]}|${claim[sk]}`), `the claim of ${profile.userId}`).toBe(holder);
    usernames.set(String(profile.userId), String(profile.username));
  }
  expect(claims.size).toBe(profiles.length);
  return usernames;
}

describe("DynamoDB Local stopped mid-run", () => {
  it("answers 503 with Retry-After while it is down, recovers when it is back, and leaves nothing half-written", async () => {
    const survivor = await stack().newUser("survivor");
    const burst = Array.from({ length: 16 }, () => ({ sub: unique("burst"), body: userBody() }));
    const create = ({ sub, body }: (typeof burst)[number]) => stack().call(sub, "POST", "/users", body);
    // Half the burst is on its way when the database stops; the other half is sent while it is down.
    const early = burst.slice(0, 8).map(create);
    await early[0];
    await database.stop();
    const late = burst.slice(8).map(create);
    const replies = await Promise.all([...early, ...late]);
    for (const reply of replies) expect([201, 503]).toContain(reply.status);
    for (const reply of replies.filter((reply) => reply.status === 503)) await expectUnavailable(reply);
    expect(replies.slice(8).map((reply) => reply.status)).toEqual(Array<number>(8).fill(503));
    await expectUnavailable(await stack().call(survivor, "GET", "/users/me"));
    await expectUnavailable(await stack().call(survivor, "GET", "/users/me/todos"));

    await restart();
    const back = await stack().call(survivor, "GET", "/users/me");
    expect(back.status).toBe(200);
    // A client retries what got a 503: each ends with its profile, made now or before the outage.
    for (const [index, reply] of replies.entries()) {
      const { sub, body } = burst[index] as (typeof burst)[number];
      if (reply.status === 201) continue;
      const retried = await create({ sub, body });
      expect([201, 409]).toContain(retried.status);
    }
    const usernames = await expectClaimsConsistent();
    for (const { sub, body } of burst) expect(usernames.get(sub)).toBe(body.username);
  });
});
