import { App, aws_lambda as lambda, Stack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { FilesBucket } from "./bucket.js";
import { stagePolicy } from "./stage-policy.js";
import { featureFlags } from "./synth.js";

/** A stack under the feature flags the app's stacks are built with. */
function newStack(): Stack {
  return new Stack(new App({ context: featureFlags }), "Test");
}

describe("the files bucket", () => {
  it("invokes the file recorder on every ObjectCreated event, and lets S3 invoke it", () => {
    const stack = newStack();
    const files = new FilesBucket(stack, "Files", {
      allowOrigins: [],
      policy: stagePolicy({ production: true }),
    });
    const recorder = new lambda.Function(stack, "Recorder", {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: "index.handler",
      code: lambda.Code.fromInline("export const handler = async () => {};"),
    });
    files.notifyOnObjectCreated(recorder);
    const template = Template.fromStack(stack);
    template.hasResourceProperties("Custom::S3BucketNotifications", {
      NotificationConfiguration: {
        LambdaFunctionConfigurations: [
          {
            Events: ["s3:ObjectCreated:*"],
            LambdaFunctionArn: { "Fn::GetAtt": [Match.stringLikeRegexp("^Recorder"), "Arn"] },
          },
        ],
      },
    });
    template.hasResourceProperties("AWS::Lambda::Permission", {
      Principal: "s3.amazonaws.com",
      Action: "lambda:InvokeFunction",
    });
  });

  it("has no CORS rule when the stage names no browser origin", () => {
    const stack = newStack();
    new FilesBucket(stack, "Files", { allowOrigins: [], policy: stagePolicy({ production: false }) });
    const buckets = Template.fromStack(stack).findResources("AWS::S3::Bucket");
    for (const bucket of Object.values(buckets)) expect(bucket.Properties.CorsConfiguration).toBeUndefined();
  });
});
