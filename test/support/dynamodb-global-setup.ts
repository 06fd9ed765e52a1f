/**
 * Starts one DynamoDB Local for the whole test run; each suite makes its own table on it, in the
 * database of the run's random access key id (provided with the endpoint). On Node.js older than
 * 22, or without Java 17+, the run stops here, at once, with the one line that says what to do.
 */
// By path, not `portico/local/dynamodb`: Vitest loads global setup in an environment of its own,
// which does not resolve with the sources' condition (vitest.config.ts).

import type { TestProject } from "vitest/node";
import { unsupportedNodeMessage } from "../../src/local/node-version.js";
import { JavaRequiredError, startDynamoDb } from "../../src/local/services/dynamodb/index.js";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const unsupported = unsupportedNodeMessage();
  if (unsupported !== undefined) {
    process.stderr.write(`${unsupported}\n`);
    process.exit(1);
  }
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
