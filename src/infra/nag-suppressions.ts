/**
 * The cdk-nag findings the stack accepts, each with its reason, in one place. Everything else the
 * AwsSolutions pack reports is fixed in the constructs, and synth fails on anything new.
 */
import { Stack, type aws_s3 as s3, Validations } from "aws-cdk-lib";
import type { IConstruct } from "constructs";
import { allObjects } from "../model/index.js";

export const acceptedFindings = {
  "AwsSolutions-SMG4":
    "The cursor secret is an HMAC key for page cursors, not a credential of another service: a rotation " +
    "function would have nothing to update, and rotating only invalidates the cursors clients hold. " +
    "If it leaks, deploy a new one.",
  "AwsSolutions-APIG4":
    "A public route by the contract (docs/api.md: GET /health needs no token); it answers {status: ok} and reads no data.",
  "AwsSolutions-IAM5[Resource::*]":
    "Lambda active tracing (deploy.tracing): xray:PutTraceSegments and xray:PutTelemetryRecords support no " +
    "resource-level permissions, so AWS documents Resource * for them; nothing else in the role is a wildcard.",
  "AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]":
    "CDK's own handler for Custom::S3BucketNotifications attaches this policy (logs:CreateLogGroup, " +
    "CreateLogStream, PutLogEvents) to whatever role it runs under; it runs only while CloudFormation writes " +
    "the files bucket's notification configuration, and its one other grant is s3:PutBucketNotification on that bucket.",
  "AwsSolutions-IAM5[Resource::<files bucket>/<slot's keys>]":
    "A file slot's object keys (accounts/*/picture/*): each * is an owner's, item's or file's id, known only per request. " +
    "The pattern bounds the role to that slot's keys in this bucket; the function picks the key under the caller's own prefix.",
  "AwsSolutions-IAM5[Resource::<files bucket>/*]":
    "A custom route's declared files permissions (defineRoute's permissions.files): the app's own code names its keys, " +
    "so the grant is the declared actions on this bucket's objects, never on the bucket itself or any other.",
} as const;

export type AcceptedFinding = keyof typeof acceptedFindings;

/** Acknowledges `finding` on `construct`, with its written reason. */
export function acceptFinding(construct: IConstruct, finding: AcceptedFinding): void {
  Validations.of(construct).acknowledge({ id: finding, reason: acceptedFindings[finding] });
}

/**
 * Acknowledges the wildcard of one slot's key pattern (or a custom route's every object) on the files
 * bucket for `construct`, and that resource only: `AwsSolutions-IAM5[Resource::<FilesBucket….Arn>/accounts/*\/picture/*]`.
 */
export function acceptObjectKeys(construct: IConstruct, bucket: s3.Bucket, objects: string): void {
  const bucketId = Stack.of(bucket).resolve((bucket.node.defaultChild as s3.CfnBucket).logicalId) as string;
  Validations.of(construct).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${objects}]`,
    reason:
      acceptedFindings[
        objects === allObjects
          ? "AwsSolutions-IAM5[Resource::<files bucket>/*]"
          : "AwsSolutions-IAM5[Resource::<files bucket>/<slot's keys>]"
      ],
  });
}
