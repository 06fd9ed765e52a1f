/**
 * The stage's access log line: AWS's JSON preset plus the fields that explain a failure — the
 * integration's error and the authorizer's (AWS-FACTS §8). One JSON object per request in
 * CloudWatch Logs, keyed like the local twin's access log.
 */
export const accessLogFields = {
  requestId: "$context.requestId",
  ip: "$context.identity.sourceIp",
  requestTime: "$context.requestTime",
  httpMethod: "$context.httpMethod",
  routeKey: "$context.routeKey",
  path: "$context.path",
  status: "$context.status",
  protocol: "$context.protocol",
  responseLength: "$context.responseLength",
  responseLatency: "$context.responseLatency",
  integrationStatus: "$context.integrationStatus",
  integrationLatency: "$context.integrationLatency",
  integrationErrorMessage: "$context.integrationErrorMessage",
  errorMessage: "$context.error.message",
  errorResponseType: "$context.error.responseType",
  authorizerError: "$context.authorizer.error",
  userAgent: "$context.identity.userAgent",
  domainName: "$context.domainName",
  stage: "$context.stage",
} as const;
