/**
 * Starts one DynamoDB Local for the whole test run; each suite makes its own table on it, in the
 * database of the run's random access key id (provided with the endpoint). Without
 * Java 17+ the run stops here, at once, with the one line that says how to install it.
 */
import { JavaRequiredError, startDynamoDb } from "portico/local/dynamodb";
import type { TestProject } from "vitest/node";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const dynamodb = await startDynamoDb({ inMemory: true }).catch((error: unknown) => {
    if (!(error instanceof JavaRequiredError)) throw error;
    process.stderr.write(`${error.message}\n`);
    // vitest would otherwise print a stack for every project that shares this setup.
    process.exit(1);
  });
  project.provide("dynamodbEndpoint", dynamodb.endpoint);
  project.provide("dynamodbAccessKeyId", dynamodb.accessKeyId);
  return () => dynamodb.stop();
}
