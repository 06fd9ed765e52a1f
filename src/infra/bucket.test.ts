import { App, aws_lambda as lambda, Stack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { bucketCorsRules } from "../model/index.js";
import { FilesBucket } from "./bucket.js";
import { stagePolicy } from "./stage-policy.js";
import { featureFlags } from "./synth.js";

/** A stack under the feature flags the app's stacks are built with. */
function newStack(): Stack {
  return new Stack(new App({ context: featureFlags }), "Test");
}

/** The template of a production files bucket that notifies a recorder under `prefixes`. */
function notifiedTemplate(prefixes: readonly string[]): Template {
  const stack = newStack();
  const files = new FilesBucket(stack, "Files", {
    cors: bucketCorsRules,
    allowOrigins: [],
    policy: stagePolicy({ production: true }),
  });
  const recorder = new lambda.Function(stack, "Recorder", {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: "index.handler",
    code: lambda.Code.fromInline("export const handler = async () => {};"),
  });
  files.notifyOnObjectCreated(recorder, prefixes);
  return Template.fromStack(stack);
}

describe("the files bucket", () => {
  it("invokes the file recorder on ObjectCreated under each prefix, one notification each, and lets S3 invoke it", () => {
    const template = notifiedTemplate(["accounts/", "teams/"]);
    const toRecorder = (prefix: string) => ({
      Events: ["s3:ObjectCreated:*"],
      Filter: { Key: { FilterRules: [{ Name: "prefix", Value: prefix }] } },
      LambdaFunctionArn: { "Fn::GetAtt": [Match.stringLikeRegexp("^Recorder"), "Arn"] },
    });
    template.resourceCountIs("Custom::S3BucketNotifications", 1);
    template.hasResourceProperties("Custom::S3BucketNotifications", {
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [toRecorder("accounts/"), toRecorder("teams/")],
      },
    });
    template.hasResourceProperties("AWS::Lambda::Permission", {
      Principal: "s3.amazonaws.com",
      Action: "lambda:InvokeFunction",
    });
  });

  it("runs CDK's notification handler under a role that may write this bucket's notifications only", () => {
    const template = notifiedTemplate(["accounts/"]);
    template.hasResourceProperties("AWS::IAM::Policy", {
      PolicyDocument: {
        Statement: [
          {
            Effect: "Allow",
            Action: "s3:PutBucketNotification",
            Resource: { "Fn::GetAtt": [Match.stringLikeRegexp("^FilesBucket"), "Arn"] },
          },
        ],
      },
      Roles: [{ Ref: Match.stringLikeRegexp("^FilesNotificationsHandlerRole") }],
    });
  });

  it("makes no notification handler role when nothing is notified", () => {
    const stack = newStack();
    new FilesBucket(stack, "Files", {
      cors: bucketCorsRules,
      allowOrigins: [],
      policy: stagePolicy({ production: true }),
    });
    expect(Object.keys(Template.fromStack(stack).findResources("AWS::IAM::Role"))).toEqual([]);
  });

  it("allows the stage's origins the form POST, GET and HEAD, any origin GET and HEAD (a redirect's Origin: null), with no request header, and exposes ETag and the request id", () => {
    const stack = newStack();
    new FilesBucket(stack, "Files", {
      cors: bucketCorsRules,
      allowOrigins: ["https://app.example.com"],
      policy: stagePolicy({ production: true }),
    });
    Template.fromStack(stack).hasResourceProperties("AWS::S3::Bucket", {
      CorsConfiguration: {
        CorsRules: [
          {
            AllowedOrigins: ["https://app.example.com"],
            AllowedMethods: ["POST", "GET", "HEAD"],
            AllowedHeaders: Match.absent(),
            ExposedHeaders: ["ETag", "x-amz-request-id"],
            MaxAge: 600,
          },
          {
            AllowedOrigins: ["*"],
            AllowedMethods: ["GET", "HEAD"],
            AllowedHeaders: Match.absent(),
            ExposedHeaders: ["ETag", "x-amz-request-id"],
            MaxAge: 600,
          },
        ],
      },
    });
  });

  it("has no CORS rule when the stage names no browser origin", () => {
    const stack = newStack();
    new FilesBucket(stack, "Files", {
      cors: bucketCorsRules,
      allowOrigins: [],
      policy: stagePolicy({ production: false }),
    });
    const buckets = Template.fromStack(stack).findResources("AWS::S3::Bucket");
    for (const bucket of Object.values(buckets)) expect(bucket.Properties.CorsConfiguration).toBeUndefined();
  });
});
