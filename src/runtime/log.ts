/**
 * Structured JSON logs through Powertools Logger: every line of a request carries API Gateway's
 * request id (the `apigw-requestid` the client saw) and the route key.
 */
import { Logger } from "@aws-lambda-powertools/logger";

/** One logger per container; the service name comes from `POWERTOOLS_SERVICE_NAME`. */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? "portico" });
