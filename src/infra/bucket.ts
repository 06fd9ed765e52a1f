/**
 * The files bucket: private (Block Public Access, bucket-owner-enforced ownership), TLS 1.2+ only,
 * encrypted with S3-managed keys, with incomplete multipart uploads aborted after a day and CORS
 * for the stage's browser origins (presigned POST uploads and GET downloads), and presigned GETs
 * from any origin (`bucketCorsRules` says why). Server access logs go to a bucket of their own.
 * ObjectCreated notifications, one per key prefix, invoke the app's file recorder.
 */
import {
  Duration,
  aws_iam as iam,
  type aws_lambda as lambda,
  aws_s3_notifications as notifications,
  aws_s3 as s3,
} from "aws-cdk-lib";
import { Construct } from "constructs";
import type { BucketCorsRule } from "../model/index.js";
import { acceptFinding } from "./nag-suppressions.js";
import type { StagePolicy } from "./stage-policy.js";

export interface FilesBucketProps {
  readonly allowOrigins: readonly string[];
  /** The bucket's CORS rules, from `describeApp` (the local front answers the same ones). */
  readonly cors: readonly BucketCorsRule[];
  readonly policy: StagePolicy;
}

const hardening = {
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
  // SSE-S3, not SSE-KMS: S3 encrypts and decrypts with its own keys, so the roles that sign
  // presigned POSTs and GETs, and the recorder that reads and deletes, need no kms:GenerateDataKey
  // or kms:Decrypt. Switching to a KMS key would have to add those to exactly those roles.
  encryption: s3.BucketEncryption.S3_MANAGED,
  enforceSSL: true,
  minimumTLSVersion: 1.2,
} as const;

export class FilesBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, { allowOrigins, cors, policy }: FilesBucketProps) {
    super(scope, id);
    // CDK's handler for the notification custom resource runs under this role, not one of its own
    // making, so the one finding it brings is accepted here, on a construct of ours. Lazy: an app
    // with no file slot adds no notification, and gets no role.
    const notificationsHandlerRole = new iam.LazyRole(this, "NotificationsHandlerRole", {
      assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
      description: "Runs CDK's handler that writes the files bucket's notification configuration",
    });
    acceptFinding(
      notificationsHandlerRole,
      "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]",
    );
    // A throwaway stage empties its buckets on destroy, so `portico destroy` removes everything.
    const lifetime = { removalPolicy: policy.removalPolicy, autoDeleteObjects: !policy.production };
    const accessLogs = new s3.Bucket(this, "AccessLogs", {
      ...hardening,
      ...lifetime,
      lifecycleRules: [
        { expiration: Duration.days(365), abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
    });
    this.bucket = new s3.Bucket(this, "Bucket", {
      ...hardening,
      ...lifetime,
      // A Bucket is an IBucket; CDK's optional members trip exactOptionalPropertyTypes.
      serverAccessLogsBucket: accessLogs as unknown as s3.IBucket,
      serverAccessLogsPrefix: "files/",
      lifecycleRules: [{ abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      // CDK grants it s3:PutBucketNotification on this bucket only.
      notificationsHandlerRole,
      ...(allowOrigins.length === 0
        ? {}
        : {
            // The rules the local front answers too (`bucketCorsRules`), in their order.
            cors: cors.map((rule) => ({
              allowedOrigins: rule.origins === "any" ? ["*"] : [...allowOrigins],
              allowedMethods: rule.allowMethods.map((method) => s3.HttpMethods[method]),
              ...(rule.allowHeaders.length === 0 ? {} : { allowedHeaders: [...rule.allowHeaders] }),
              exposedHeaders: [...rule.exposeHeaders],
              maxAge: rule.maxAgeSeconds,
            })),
          }),
    });
  }

  /** Invokes `recorder` for every object created under one of `prefixes`: one notification each. */
  notifyOnObjectCreated(recorder: lambda.IFunction, prefixes: readonly string[]): void {
    const destination = new notifications.LambdaDestination(recorder);
    for (const prefix of prefixes)
      this.bucket.addEventNotification(s3.EventType.OBJECT_CREATED, destination, { prefix });
  }
}
