/**
 * The key to the local data. DynamoDB Local cannot bind one address (it listens on every
 * interface) and accepts any credentials, but without `-sharedDb` it keeps one database per access
 * key id and region. So the twin runs it with a random access key id, and only clients that know it
 * (the functions, `portico invoke`, the tests) see its tables: a client that only reaches the port
 * gets an empty database of its own.
 */
import { randomBytes } from "node:crypto";
import { DynamoDBClient, type DynamoDBClientConfig } from "@aws-sdk/client-dynamodb";

/** The region every local client uses; with the access key id it names DynamoDB Local's database. */
export const LOCAL_REGION = "us-east-1";

/** DynamoDB Local checks no secret: this one only completes the credentials. */
const LOCAL_SECRET_ACCESS_KEY = "local";

/** A fresh access key id: 128 random bits, in the letters and digits DynamoDB Local allows. */
export function newAccessKeyId(): string {
  return randomBytes(16).toString("hex").toUpperCase();
}

export interface LocalCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** The SDK credentials that open the database of `accessKeyId`. */
export function localCredentials(accessKeyId: string): LocalCredentials {
  return { accessKeyId, secretAccessKey: LOCAL_SECRET_ACCESS_KEY };
}

/** A DynamoDB client for a local endpoint, on the database of `accessKeyId`. */
export function localDynamoDbClient(
  endpoint: string,
  accessKeyId: string,
  config: Partial<DynamoDBClientConfig> = {},
): DynamoDBClient {
  return new DynamoDBClient({
    ...config,
    endpoint,
    region: LOCAL_REGION,
    credentials: localCredentials(accessKeyId),
  });
}
