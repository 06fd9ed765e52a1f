/**
 * The environment each function gets locally: the Portico variables its description names (as the
 * stack sets them on AWS), plus what the Lambda runtime itself provides, with the SDK pointed at
 * the local services.
 */
import {
  type AppDescription,
  type EnvName,
  envNames,
  type FunctionDescription,
  lambdaFunctionName,
  localEnvNames,
} from "../../model/index.js";
import { LOCAL_REGION, localCredentials } from "../services/dynamodb/access-key.js";

/** What `PORTICO_CURSOR_SECRET_ID` holds locally: a name, never looked up. */
export const LOCAL_CURSOR_SECRET_ID = "portico-local/cursor-secret";

export interface LocalEndpoints {
  readonly tableName: string;
  readonly cursorSecret: string;
  readonly dynamodbEndpoint: string;
  /** DynamoDB Local's key to the data; the embedded S3 accepts it too. */
  readonly accessKeyId: string;
  readonly bucketName: string;
  readonly s3Endpoint: string;
  /** The embedded S3's own credentials, which are not DynamoDB Local's key (see `localEnvNames`). */
  readonly s3Credentials: { readonly accessKeyId: string; readonly secretAccessKey: string };
}

export function functionEnvironment(
  app: Pick<AppDescription, "name" | "functions">,
  fn: FunctionDescription,
  endpoints: LocalEndpoints,
): Record<string, string> {
  const credentials = localCredentials(endpoints.accessKeyId);
  const values: Record<EnvName, string> = {
    [envNames.tableName]: endpoints.tableName,
    // Named as on AWS; the local-only value below stands in for the Secrets Manager lookup.
    [envNames.cursorSecretId]: LOCAL_CURSOR_SECRET_ID,
    [envNames.bucketName]: endpoints.bucketName,
  };
  const usesCursorSecret = fn.environment.includes(envNames.cursorSecretId);
  const usesBucket = fn.environment.includes(envNames.bucketName);
  const usesTable = fn.environment.includes(envNames.tableName);
  return {
    ...Object.fromEntries(fn.environment.map((name) => [name, values[name]])),
    ...(usesCursorSecret ? { [localEnvNames.cursorSecret]: endpoints.cursorSecret } : {}),
    // DynamoDB Local acknowledges a transaction before its commit is on disk: read it back.
    ...(usesTable ? { [localEnvNames.confirmTransactions]: "true" } : {}),
    ...(usesBucket
      ? {
          [localEnvNames.s3AccessKeyId]: endpoints.s3Credentials.accessKeyId,
          [localEnvNames.s3SecretAccessKey]: endpoints.s3Credentials.secretAccessKey,
        }
      : {}),
    // Metrics are CloudWatch's (embedded metric format on stdout): locally they would only be noise.
    POWERTOOLS_METRICS_DISABLED: "true",
    // The SDK's own service-specific endpoint variables: the handler code is unchanged locally.
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodbEndpoint,
    AWS_ENDPOINT_URL_S3: endpoints.s3Endpoint,
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_LAMBDA_FUNCTION_NAME: lambdaFunctionName(app.name, fn),
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
    // What the Lambda runtime itself sets, from the runtime the stack deploys.
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime.name}`,
    POWERTOOLS_SERVICE_NAME: app.name,
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? "WARN",
    TZ: "UTC",
  };
}
