/**
 * The single table's invariants (DESIGN.md, Data), read from a scan of the whole table, for suites
 * that hammer the API and then check that nothing was left inconsistent: every todo has its
 * owner's profile; every username claim is held by a user with that username, and every user's
 * username is claimed by it; every file key an item records is an object in the bucket, and every
 * object is one an item records (API.md, Files: an object no item wants is deleted); and, when the
 * caller counted them, every item's version is the number of writes acknowledged for it.
 * Returns the violations, each a sentence naming the item, so a failure says what broke.
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, paginateScan } from "@aws-sdk/lib-dynamodb";
import { tableLayout } from "../../src/model/index.js";

export interface InvariantTarget {
  readonly client: DynamoDBClient;
  readonly tableName: string;
  /** Whether the bucket holds `key` (a HeadObject with the twin's credentials). */
  objectExists(key: string): Promise<boolean>;
  /** Every key in the bucket: with it, an object no item names (an orphan) is a violation too. */
  listObjects?(): Promise<string[]>;
  /**
   * Acknowledged writes by item path (`users/alice`, `users/alice/todos/0190…`): the version each
   * item that still exists must have. An item absent from the map is not checked.
   */
  readonly expectedVersions?: ReadonlyMap<string, number>;
}

type Item = Readonly<Record<string, unknown>>;

const claimLabel = "UNIQUE#USER#USERNAME";
const userPrefix = "USER#";
const todoPrefix = "TODO#";

/** Every item of the table. */
export async function scanTable(client: DynamoDBClient, tableName: string): Promise<Item[]> {
  const documents = DynamoDBDocumentClient.from(client);
  const items: Item[] = [];
  for await (const page of paginateScan(
    { client: documents },
    { TableName: tableName, ConsistentRead: true },
  )) {
    items.push(...(page.Items ?? []));
  }
  return items;
}

/** The file keys an item names: its avatar, its attachments and its recorded `FILEKEYS`. */
function fileKeys(item: Item): string[] {
  const keys: string[] = [];
  const avatar = item.avatar as { key?: unknown } | null | undefined;
  if (typeof avatar?.key === "string") keys.push(avatar.key);
  if (Array.isArray(item.attachments)) {
    for (const file of item.attachments as { key?: unknown }[])
      if (typeof file.key === "string") keys.push(file.key);
  }
  const recorded = item[tableLayout.fileKeysAttribute];
  if (recorded instanceof Set) for (const key of recorded) keys.push(String(key));
  return [...new Set(keys)];
}

/** The table's violations of its invariants; `[]` when it is consistent. */
export async function tableViolations(target: InvariantTarget): Promise<string[]> {
  const { partitionKey: PK, sortKey: SK } = tableLayout;
  const items = await scanTable(target.client, target.tableName);
  const violations: string[] = [];
  const users = new Map<string, Item>();
  const todos: Item[] = [];
  const claims: Item[] = [];
  for (const item of items) {
    const pk = String(item[PK]);
    const sk = String(item[SK]);
    if (pk.startsWith(userPrefix) && sk === "PROFILE") users.set(pk.slice(userPrefix.length), item);
    else if (pk.startsWith(userPrefix) && sk.startsWith(todoPrefix)) todos.push(item);
    else if (pk.startsWith(`${claimLabel}#`) && sk === claimLabel) claims.push(item);
    else if (!(pk.startsWith(userPrefix) && sk.startsWith("IDEMP#"))) {
      violations.push(`an item of no known kind: ${PK} ${JSON.stringify(pk)}, ${SK} ${JSON.stringify(sk)}`);
    }
  }

  for (const todo of todos) {
    const owner = String(todo[PK]).slice(userPrefix.length);
    if (!users.has(owner)) violations.push(`todo ${String(todo[SK])} has no profile of its owner ${owner}`);
    if (todo.userId !== owner)
      violations.push(`todo ${String(todo[SK])} in ${owner}'s partition says userId ${String(todo.userId)}`);
  }

  const claimed = new Map<string, string>();
  for (const claim of claims) {
    const username = String(claim[PK]).slice(claimLabel.length + 1);
    const holder = String(claim.claimedBy);
    claimed.set(username, holder);
    const userId = holder.endsWith("|PROFILE")
      ? holder.slice(userPrefix.length, -"|PROFILE".length)
      : undefined;
    const user = userId === undefined ? undefined : users.get(userId);
    if (user === undefined) violations.push(`username claim ${username} points at no user (${holder})`);
    else if (user.username !== username) {
      violations.push(
        `username claim ${username} points at ${userId}, whose username is ${String(user.username)}`,
      );
    }
  }
  for (const [userId, user] of users) {
    const username = String(user.username);
    const holder = claimed.get(username);
    if (holder !== `${userPrefix}${userId}|PROFILE`) {
      violations.push(`user ${userId}'s username ${username} is claimed by ${holder ?? "nobody"}`);
    }
  }

  const named = [...users.values(), ...todos].flatMap((item) =>
    fileKeys(item).map((key) => ({ key, item: `${String(item[PK])} ${String(item[SK])}` })),
  );
  const present = await Promise.all(named.map(({ key }) => target.objectExists(key)));
  named.forEach(({ key, item }, index) => {
    if (!present[index]) violations.push(`${item} names file ${key}, which is not in the bucket`);
  });

  if (target.listObjects !== undefined) {
    const recorded = new Set(named.map(({ key }) => key));
    for (const key of await target.listObjects()) {
      if (!recorded.has(key)) violations.push(`object ${key} is in the bucket, but no item names it`);
    }
  }

  if (target.expectedVersions !== undefined) {
    const paths = [
      ...[...users].map(([userId, user]) => [`users/${userId}`, user] as const),
      ...todos.map((todo) => [`users/${String(todo.userId)}/todos/${String(todo.todoId)}`, todo] as const),
    ];
    for (const [path, item] of paths) {
      const expected = target.expectedVersions.get(path);
      if (expected === undefined)
        violations.push(
          `${path} exists (version ${String(item.version)}) but no write of it was acknowledged`,
        );
      else if (item.version !== expected) {
        violations.push(`${path} has version ${String(item.version)} after ${expected} acknowledged writes`);
      }
    }
  }
  return violations;
}
