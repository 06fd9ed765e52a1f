/**
 * The environment each function gets locally: the same variable names the stack sets on AWS,
 * plus what the Lambda runtime itself provides, with the SDK pointed at the local services.
 */
import type { App, Route } from "../../model/index.js";
// The env module alone: importing the runtime entry would build its logger before this environment applies.
import { envNames } from "../../runtime/env.js";
import { LOCAL_REGION, localCredentials } from "../services/dynamodb/access-key.js";

export interface LocalEndpoints {
  readonly tableName: string;
  readonly cursorSecret: string;
  readonly dynamodbEndpoint: string;
  /** DynamoDB Local's key to the data; the embedded S3 accepts it too. */
  readonly accessKeyId: string;
  readonly bucketName: string;
  readonly s3Endpoint: string;
}

export function functionEnvironment(
  app: App,
  route: Route,
  endpoints: LocalEndpoints,
): Record<string, string> {
  const credentials = localCredentials(endpoints.accessKeyId);
  return {
    [envNames.tableName]: endpoints.tableName,
    [envNames.cursorSecret]: endpoints.cursorSecret,
    // The SDK's own service-specific endpoint variable: the handler code is unchanged locally.
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodbEndpoint,
    PORTICO_BUCKET_NAME: endpoints.bucketName,
    AWS_ENDPOINT_URL_S3: endpoints.s3Endpoint,
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_LAMBDA_FUNCTION_NAME: `${app.name}-${route.functionName}`,
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(app.functions.memoryMb),
    // What the Lambda runtime itself sets, from the runtime the stack deploys.
    AWS_EXECUTION_ENV: `AWS_Lambda_${app.functions.runtime.name}`,
    POWERTOOLS_SERVICE_NAME: app.name,
    POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? "WARN",
    TZ: "UTC",
  };
}
