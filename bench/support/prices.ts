/**
 * AWS prices the cost table uses: us-east-1, first tiers, free tiers left out, as AWS-FACTS.md §11
 * gives them (re-check the official pages before quoting: they change).
 */
export const prices = {
  /** Per million requests of up to 512 KB. */
  httpApiPerMillion: 1.0,
  restApiPerMillion: 3.5,
  lambdaRequestsPerMillion: 0.2,
  /** Lambda duration on arm64, per GB-second (billed per 1 ms). */
  lambdaArm64PerGbSecond: 0.0000133334,
  /** DynamoDB on demand, per million request units (since 1 Nov 2024). */
  dynamodbWriteUnitPerMillion: 0.625,
  dynamodbReadUnitPerMillion: 0.125,
  /** S3 Standard requests, per thousand: PUT/COPY/POST/LIST, GET/SELECT (DELETE is free). */
  s3PutPerThousand: 0.005,
  s3GetPerThousand: 0.0004,
  sources: [
    "https://aws.amazon.com/api-gateway/pricing/",
    "https://aws.amazon.com/lambda/pricing/",
    "https://aws.amazon.com/dynamodb/pricing/on-demand/",
    "https://aws.amazon.com/s3/pricing/",
  ],
} as const;
