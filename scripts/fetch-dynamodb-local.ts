/**
 * Prefetches AWS's DynamoDB Local into portico's cache so tests and the dev server start without network.
 * CI runs it once per cache key: `npx tsx scripts/fetch-dynamodb-local.ts` (honours PORTICO_CACHE_DIR).
 * Prints the jar path on stdout; exits non-zero with the reason on stderr.
 */
import { obtainDynamoDbLocal } from "../src/local/services/dynamodb/index.js";

try {
  const { jarPath, version, dynamoDbLocalVersion } = await obtainDynamoDbLocal();
  process.stderr.write(
    `DynamoDB Local ${dynamoDbLocalVersion} (amplify-dynamodb-simulator@${version}) is cached.\n`,
  );
  process.stdout.write(`${jarPath}\n`);
} catch (error) {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
