/**
 * The files bucket: private (Block Public Access, bucket-owner-enforced ownership), TLS 1.2+ only,
 * encrypted, with incomplete multipart uploads aborted after a day and CORS for the stage's
 * browser origins (presigned POST uploads and GET downloads). Server access logs go to a bucket of
 * their own. An ObjectCreated notification invokes the app's file recorder.
 */
import {
  Duration,
  type aws_lambda as lambda,
  aws_s3_notifications as notifications,
  aws_s3 as s3,
} from "aws-cdk-lib";
import { Construct } from "constructs";
import type { StagePolicy } from "./stage-policy.js";

export interface FilesBucketProps {
  readonly allowOrigins: readonly string[];
  readonly policy: StagePolicy;
}

const hardening = {
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
  encryption: s3.BucketEncryption.S3_MANAGED,
  enforceSSL: true,
  minimumTLSVersion: 1.2,
} as const;

export class FilesBucket extends Construct {
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, { allowOrigins, policy }: FilesBucketProps) {
    super(scope, id);
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
      ...(allowOrigins.length === 0
        ? {}
        : {
            cors: [
              {
                allowedOrigins: [...allowOrigins],
                // Presigned POST uploads, presigned GET downloads.
                allowedMethods: [s3.HttpMethods.POST, s3.HttpMethods.GET],
                allowedHeaders: ["*"],
                exposedHeaders: ["etag"],
                maxAge: 600,
              },
            ],
          }),
    });
  }

  /** Invokes `recorder` for every object created in the bucket. */
  notifyOnObjectCreated(recorder: lambda.IFunction): void {
    this.bucket.addEventNotification(
      s3.EventType.OBJECT_CREATED,
      new notifications.LambdaDestination(recorder),
    );
  }
}
