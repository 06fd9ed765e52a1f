/**
 * Structured JSON logs through Powertools Logger: every line of a request carries API Gateway's
 * request id (the `apigw-requestid` the client saw) and the route key.
 *
 * The logger is made on first use, not at import: Powertools reads its settings (the service
 * name, `POWERTOOLS_LOG_LEVEL`) from the environment when it is constructed, so importing the
 * runtime never reads the environment, and whoever sets a function's environment (the local
 * twin, `invoke`) may do so after importing it.
 */
import { Logger } from "@aws-lambda-powertools/logger";

let instance: Logger | undefined;

/** One logger per container, made on first use; the service name comes from `POWERTOOLS_SERVICE_NAME`. */
export function logger(): Logger {
  instance ??= new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? "portico" });
  return instance;
}
