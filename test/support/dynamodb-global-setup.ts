/** Starts one DynamoDB Local for the whole test run; each suite makes its own table on it. */
import { startDynamoDb } from "portico/local/dynamodb";
import type { TestProject } from "vitest/node";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dynamodb = await startDynamoDb({ inMemory: true });
  project.provide("dynamodbEndpoint", dynamodb.endpoint);
  return () => dynamodb.stop();
}
