/**
 * What the tutorials' version of these routes does, shared by both baselines: read a profile, create
 * a todo, list a user's todos, on the same single-table items Portico writes (`USER#<sub>`/`PROFILE`,
 * `USER#<sub>`/`TODO#<id>`), with the same DynamoDB requests (a consistent GetItem, a conditional
 * PutItem, one Query for a page of 20, newest first).
 */
import { randomUUID } from "node:crypto";
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";

export interface TodoInput {
  readonly title: string;
  readonly notes?: string;
  readonly done?: boolean;
}

export function tutorialTodos(doc: DynamoDBDocumentClient, tableName: string) {
  return {
    async profile(sub: string): Promise<Record<string, unknown> | undefined> {
      const { Item } = await doc.send(
        new GetCommand({
          TableName: tableName,
          Key: { PK: `USER#${sub}`, SK: "PROFILE" },
          ConsistentRead: true,
        }),
      );
      if (Item === undefined) return undefined;
      const { PK: _pk, SK: _sk, ...profile } = Item;
      return profile;
    },
    async createTodo(sub: string, input: TodoInput): Promise<Record<string, unknown>> {
      const todoId = randomUUID();
      const now = new Date().toISOString();
      const todo = { todoId, done: false, ...input, createdAt: now, updatedAt: now };
      await doc.send(
        new PutCommand({
          TableName: tableName,
          Item: { PK: `USER#${sub}`, SK: `TODO#${todoId}`, ...todo },
          ConditionExpression: "attribute_not_exists(PK)",
        }),
      );
      return todo;
    },
    async listTodos(sub: string): Promise<Record<string, unknown>[]> {
      const { Items = [] } = await doc.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: "PK = :pk AND begins_with(SK, :todo)",
          ExpressionAttributeValues: { ":pk": `USER#${sub}`, ":todo": "TODO#" },
          ScanIndexForward: false,
          Limit: 20,
          ConsistentRead: true,
        }),
      );
      return Items.map(({ PK: _pk, SK: _sk, ...todo }) => todo);
    },
  };
}

/** The caller, from the JWT authorizer's claims in a payload 2.0 event. */
export function callerOf(event: unknown): string {
  const sub = (event as { requestContext?: { authorizer?: { jwt?: { claims?: { sub?: unknown } } } } })
    .requestContext?.authorizer?.jwt?.claims?.sub;
  if (typeof sub !== "string") throw new Error("no caller");
  return sub;
}
