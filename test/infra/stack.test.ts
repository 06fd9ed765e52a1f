/**
 * The AWS stack, proven offline from its synthesized template (no account, no credentials): what
 * API Gateway, Lambda, IAM, DynamoDB and S3 would be given, checked against the contract.
 */
import { Match } from "aws-cdk-lib/assertions";
import { DeployedOriginError, deployedFunctionName, UnknownStageError } from "portico/infra";
import { defineApp, describeApp } from "portico/model";
import { describe, expect, it } from "vitest";
import { app } from "../../app/portico.config.js";
import { resourcesOf, type TemplateResource, templateOf } from "./template.js";

const description = describeApp(app);
const dev = templateOf("dev");
const prod = templateOf("prod");

/** SwiftyPlanner with one stage changed: its domain, origins, the issuer or what all stages share. */
function variant(overrides: {
  stage?: Record<string, unknown>;
  auth?: Record<string, unknown>;
  deploy?: Record<string, unknown>;
}) {
  return defineApp({
    name: app.name,
    api: { stage: app.api.stage, cors: { allowOrigins: ["https://planner.example.com"] } },
    auth: { audience: [...app.auth.audience], adminScope: app.auth.adminScope, ...overrides.auth },
    entities: app.entities,
    deploy: { stages: { dev: { ...overrides.stage } }, ...overrides.deploy },
  });
}

function routeByKey(template = dev): Map<string, Record<string, unknown>> {
  return new Map(
    Object.values(resourcesOf(template, "AWS::ApiGatewayV2::Route")).map((route) => [
      route.Properties.RouteKey as string,
      route.Properties,
    ]),
  );
}

/** The logical id of the files bucket (the one whose access logs go under `files/`). */
const filesBucketId = Object.entries(resourcesOf(dev, "AWS::S3::Bucket")).find(
  ([, bucket]) =>
    (bucket.Properties.LoggingConfiguration as { LogFilePrefix?: string })?.LogFilePrefix === "files/",
)?.[0] as string;

/** `<bucket>/users/*\/avatar/*` for an object ARN in the files bucket, else `undefined`. */
function filesObjects(resource: unknown): string | undefined {
  const join = (resource as { "Fn::Join"?: [string, [unknown, unknown]] })["Fn::Join"];
  if (join === undefined || join[0] !== "") return undefined;
  const [arn, suffix] = join[1];
  const bucketId = (arn as { "Fn::GetAtt"?: [string, string] })["Fn::GetAtt"]?.[0];
  return bucketId === filesBucketId && typeof suffix === "string" ? `<bucket>${suffix}` : undefined;
}

/** The deployed function a describeApp function became. */
function deployedFunction(name: string, template = dev): TemplateResource {
  const functionName = deployedFunctionName(description, "dev", { name });
  const [fn] = Object.values(resourcesOf(template, "AWS::Lambda::Function")).filter(
    (resource) => resource.Properties.FunctionName === functionName,
  );
  expect(fn, name).toBeDefined();
  return fn as TemplateResource;
}

/** The logical id of a template resource. */
function logicalIdOf(resource: TemplateResource, template = dev): string {
  const found = Object.entries(template.toJSON().Resources as Record<string, unknown>).find(
    ([, candidate]) => candidate === resource,
  );
  return found?.[0] as string;
}

/** A function's role's statements, each as `action on resource-kind`, the logs grant included. */
function grantsOf(name: string): string[] {
  const fn = deployedFunction(name);
  const roleId = (fn.Properties.Role as { "Fn::GetAtt": [string] })["Fn::GetAtt"][0];
  const role = resourcesOf(dev, "AWS::IAM::Role")[roleId] as TemplateResource;
  const policies = role.Properties.Policies as { PolicyDocument: { Statement: Record<string, unknown>[] } }[];
  expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  return policies.flatMap((policy) =>
    policy.PolicyDocument.Statement.flatMap((statement) => {
      const resource = JSON.stringify(statement.Resource);
      const kind =
        filesObjects(statement.Resource) ??
        (/\/index\/GSI\d/.test(resource)
          ? (resource.match(/index\/GSI\d/) as RegExpMatchArray)[0]
          : resource.includes("DataTable")
            ? "table"
            : resource.includes("CursorSecret")
              ? "cursor secret"
              : resource.includes("Logs")
                ? "own log group"
                : resource);
      expect(statement.Effect).toBe("Allow");
      return ([] as string[]).concat(statement.Action as string).map((action) => `${action} on ${kind}`);
    }),
  );
}

describe("the stack's HTTP API", () => {
  it("has exactly describeApp's routes", () => {
    expect([...routeByKey().keys()].sort()).toEqual(description.routes.map((route) => route.routeKey).sort());
  });

  it("integrates every route as AWS_PROXY with payload format 2.0", () => {
    const integrations = Object.values(resourcesOf(dev, "AWS::ApiGatewayV2::Integration"));
    expect(integrations).toHaveLength(description.routes.length);
    for (const integration of integrations) {
      expect(integration.Properties).toMatchObject({
        IntegrationType: "AWS_PROXY",
        PayloadFormatVersion: "2.0",
      });
    }
  });

  it("sends each of describeApp's routes, file routes included, through its own integration to its own function", () => {
    const integrations = resourcesOf(dev, "AWS::ApiGatewayV2::Integration");
    const routes = routeByKey();
    for (const route of description.routes) {
      const target = JSON.stringify(routes.get(route.routeKey)?.Target);
      const [integration] = Object.entries(integrations).filter(([id]) => target.includes(`"${id}"`));
      expect(integration, route.routeKey).toBeDefined();
      const functionId = logicalIdOf(deployedFunction(route.function));
      expect(JSON.stringify(integration?.[1].Properties.IntegrationUri), route.routeKey).toContain(
        `"${functionId}"`,
      );
    }
  });

  it("serves SwiftyPlanner's file routes behind the JWT authorizer, with no scope", () => {
    const fileRoutes = description.routes.filter((route) => route.kind === "file");
    expect(fileRoutes.map((route) => route.routeKey).sort()).toEqual([
      "DELETE /users/{userId}/avatar",
      "GET /users/{userId}/avatar",
      "POST /users/{userId}/avatar",
      "POST /users/{userId}/todos/{todoId}/attachments",
    ]);
    const [jwtAuthorizer, ...others] = Object.keys(resourcesOf(dev, "AWS::ApiGatewayV2::Authorizer"));
    expect(others).toEqual([]);
    for (const route of fileRoutes) {
      expect(routeByKey().get(route.routeKey), route.routeKey).toMatchObject({
        AuthorizationType: "JWT",
        AuthorizerId: { Ref: jwtAuthorizer },
      });
      expect(routeByKey().get(route.routeKey)?.AuthorizationScopes, route.routeKey).toBeUndefined();
    }
  });

  it("puts the JWT authorizer on every route but GET /health", () => {
    for (const [routeKey, route] of routeByKey()) {
      expect(route.AuthorizationType, routeKey).toBe(routeKey === "GET /health" ? "NONE" : "JWT");
    }
    dev.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", {
      AuthorizerType: "JWT",
      IdentitySource: ["$request.header.Authorization"],
    });
  });

  it("requires the admin scope on GET /users, and no scope elsewhere", () => {
    for (const [routeKey, route] of routeByKey()) {
      expect(route.AuthorizationScopes, routeKey).toEqual(
        routeKey === "GET /users" ? ["planner/admin"] : undefined,
      );
    }
  });

  it("serves stage v1 with auto-deploy, the configured throttling and a JSON access log with the error fields", () => {
    dev.hasResourceProperties("AWS::ApiGatewayV2::Stage", {
      StageName: "v1",
      AutoDeploy: true,
      DefaultRouteSettings: { ThrottlingRateLimit: 1000, ThrottlingBurstLimit: 500 },
      AccessLogSettings: { Format: Match.stringLikeRegexp("integrationErrorMessage.*authorizerError") },
    });
    const [stage] = Object.values(resourcesOf(dev, "AWS::ApiGatewayV2::Stage")) as [TemplateResource];
    const format = JSON.parse((stage.Properties.AccessLogSettings as { Format: string }).Format);
    expect(format).toMatchObject({
      requestId: "$context.requestId",
      routeKey: "$context.routeKey",
      status: "$context.status",
      responseLatency: "$context.responseLatency",
      integrationErrorMessage: "$context.integrationErrorMessage",
      authorizerError: "$context.authorizer.error",
    });
  });

  it("answers CORS for the stage's own origins, never the local twin's port patterns", () => {
    dev.hasResourceProperties("AWS::ApiGatewayV2::Api", {
      ProtocolType: "HTTP",
      CorsConfiguration: {
        AllowOrigins: ["http://localhost:5173"],
        AllowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
        AllowHeaders: description.cors?.allowHeaders,
        ExposeHeaders: description.cors?.exposeHeaders,
        MaxAge: 600,
        AllowCredentials: false,
      },
    });
    prod.hasResourceProperties("AWS::ApiGatewayV2::Api", {
      CorsConfiguration: Match.objectLike({ AllowOrigins: ["https://planner.example.com"] }),
    });
  });
});

describe("the stack's functions", () => {
  const functions = Object.values(resourcesOf(dev, "AWS::Lambda::Function")).filter((fn) =>
    String(fn.Properties.FunctionName).startsWith("swifty-planner-dev-"),
  );

  it("are one per describeApp function (each route's, and the file recorder's), on nodejs24.x arm64, with describeApp's memory and timeout, below the 30 s integration timeout", () => {
    expect(functions.map((fn) => fn.Properties.FunctionName).sort()).toEqual(
      description.functions.map((fn) => `swifty-planner-dev-${fn.name}`).sort(),
    );
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({
        Runtime: "nodejs24.x",
        Architectures: ["arm64"],
        MemorySize: 512,
        Timeout: 10,
      });
      expect(fn.Properties.Timeout as number).toBeLessThan(30);
    }
  });

  it("hold only the environment names they use, and the cursor secret only as a Secrets Manager id", () => {
    const names = (fn: TemplateResource) =>
      Object.keys((fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables).sort();
    const byName = new Map(
      functions.map((fn) => [String(fn.Properties.FunctionName).replace("swifty-planner-dev-", ""), fn]),
    );
    expect(names(byName.get("health") as TemplateResource)).toEqual(["POWERTOOLS_SERVICE_NAME"]);
    expect(names(byName.get("users-get") as TemplateResource)).toEqual([
      "PORTICO_TABLE_NAME",
      "POWERTOOLS_SERVICE_NAME",
    ]);
    const list = (byName.get("todos-list") as TemplateResource).Properties.Environment as {
      Variables: Record<string, unknown>;
    };
    expect(Object.keys(list.Variables).sort()).toEqual([
      "PORTICO_CURSOR_SECRET_ID",
      "PORTICO_TABLE_NAME",
      "POWERTOOLS_SERVICE_NAME",
    ]);
    expect(list.Variables.PORTICO_CURSOR_SECRET_ID).toEqual({ Ref: expect.stringMatching(/^CursorSecret/) });
    for (const name of ["users-avatar-upload", "users-delete", "files-record"]) {
      expect(names(byName.get(name) as TemplateResource), name).toEqual([
        "PORTICO_BUCKET_NAME",
        "PORTICO_TABLE_NAME",
        "POWERTOOLS_SERVICE_NAME",
      ]);
    }
  });

  it("keep their logs in a log group with the configured retention", () => {
    const retained = Object.values(resourcesOf(dev, "AWS::Logs::LogGroup")).filter((group) =>
      String(group.Properties.LogGroupName).startsWith("/aws/lambda/swifty-planner-dev-"),
    );
    expect(retained).toHaveLength(description.functions.length);
    for (const group of retained) expect(group.Properties.RetentionInDays).toBe(30);
  });

  const exactGrants = [
    ["health", []],
    ["users-create", ["dynamodb:PutItem on table"]],
    ["users-list", ["dynamodb:Query on index/GSI1", "secretsmanager:GetSecretValue on cursor secret"]],
    ["users-get", ["dynamodb:GetItem on table"]],
    [
      "users-replace",
      [
        "dynamodb:DeleteItem on table",
        "dynamodb:GetItem on table",
        "dynamodb:PutItem on table",
        "dynamodb:UpdateItem on table",
      ],
    ],
    [
      "users-patch",
      [
        "dynamodb:DeleteItem on table",
        "dynamodb:GetItem on table",
        "dynamodb:PutItem on table",
        "dynamodb:UpdateItem on table",
      ],
    ],
    [
      "users-delete",
      [
        "dynamodb:BatchWriteItem on table",
        "dynamodb:DeleteItem on table",
        "dynamodb:GetItem on table",
        "dynamodb:Query on table",
        "s3:DeleteObject on <bucket>/users/*/avatar/*",
        "s3:DeleteObject on <bucket>/users/*/todos/*/attachments/*",
      ],
    ],
    ["users-avatar-upload", ["dynamodb:GetItem on table", "s3:PutObject on <bucket>/users/*/avatar/*"]],
    ["users-avatar-get", ["dynamodb:GetItem on table", "s3:GetObject on <bucket>/users/*/avatar/*"]],
    ["users-avatar-delete", ["dynamodb:UpdateItem on table", "s3:DeleteObject on <bucket>/users/*/avatar/*"]],
    [
      "todos-create",
      ["dynamodb:ConditionCheckItem on table", "dynamodb:GetItem on table", "dynamodb:PutItem on table"],
    ],
    [
      "todos-list",
      [
        "dynamodb:Query on index/GSI2",
        "dynamodb:Query on table",
        "secretsmanager:GetSecretValue on cursor secret",
      ],
    ],
    ["todos-get", ["dynamodb:GetItem on table"]],
    ["todos-replace", ["dynamodb:GetItem on table", "dynamodb:UpdateItem on table"]],
    ["todos-patch", ["dynamodb:GetItem on table", "dynamodb:UpdateItem on table"]],
    [
      "todos-delete",
      [
        "dynamodb:DeleteItem on table",
        "dynamodb:GetItem on table",
        "s3:DeleteObject on <bucket>/users/*/todos/*/attachments/*",
      ],
    ],
    [
      "todos-attachments-upload",
      ["dynamodb:GetItem on table", "s3:PutObject on <bucket>/users/*/todos/*/attachments/*"],
    ],
    [
      "files-record",
      [
        "dynamodb:UpdateItem on table",
        "s3:DeleteObject on <bucket>/users/*/avatar/*",
        "s3:GetObject on <bucket>/users/*/avatar/*",
        "s3:DeleteObject on <bucket>/users/*/todos/*/attachments/*",
        "s3:GetObject on <bucket>/users/*/todos/*/attachments/*",
      ],
    ],
  ] as const;

  it("list every function describeApp has, so none goes unasserted", () => {
    expect(exactGrants.map(([name]) => name).sort()).toEqual(
      description.functions.map((fn) => fn.name).sort(),
    );
  });

  it.each(exactGrants)(
    "%s may do exactly its declared actions, on this table and bucket, and write its own logs",
    (name, actions) => {
      expect(grantsOf(name).sort()).toEqual(
        ["logs:CreateLogStream on own log group", "logs:PutLogEvents on own log group", ...actions].sort(),
      );
    },
  );

  it.each(description.functions.map((fn) => [fn.name, fn] as const))(
    "%s has one S3 statement per S3 grant of its description, on the grant's keys, and no other S3 access",
    (name, fn) => {
      const s3Grants = grantsOf(name).filter((grant) => grant.startsWith("s3:"));
      expect(s3Grants.sort()).toEqual(
        fn.permissions.s3
          .flatMap((grant) => grant.actions.map((action) => `${action} on <bucket>/${grant.objects}`))
          .sort(),
      );
      const variables = (
        deployedFunction(name).Properties.Environment as { Variables: Record<string, unknown> }
      ).Variables;
      if (fn.environment.includes("PORTICO_BUCKET_NAME"))
        expect(variables.PORTICO_BUCKET_NAME).toEqual({ Ref: filesBucketId });
      else expect(variables.PORTICO_BUCKET_NAME).toBeUndefined();
    },
  );

  it("grant no wildcard action and no AWS managed policy", () => {
    for (const [id, role] of Object.entries(resourcesOf(dev, "AWS::IAM::Role")).filter(([id]) =>
      id.startsWith("Fn"),
    )) {
      expect(JSON.stringify(role.Properties.Policies), id).not.toMatch(/"[a-z0-9]+:\*"|"\*"/);
    }
  });
});

describe("the stack's data", () => {
  it("keeps one table with PK/SK, the listing index GSI1 and the filter indexes GSI2–4, TTL, on-demand billing, point-in-time recovery and KMS encryption", () => {
    dev.hasResourceProperties("AWS::DynamoDB::GlobalTable", {
      KeySchema: [
        { AttributeName: "PK", KeyType: "HASH" },
        { AttributeName: "SK", KeyType: "RANGE" },
      ],
      BillingMode: "PAY_PER_REQUEST",
      GlobalSecondaryIndexes: [
        ...["GSI1", "GSI2", "GSI3", "GSI4"].map((name) =>
          Match.objectLike({
            IndexName: name,
            KeySchema: [
              { AttributeName: `${name}PK`, KeyType: "HASH" },
              { AttributeName: `${name}SK`, KeyType: "RANGE" },
            ],
            Projection: { ProjectionType: "ALL" },
          }),
        ),
      ],
      TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true },
      SSESpecification: { SSEEnabled: true, SSEType: "KMS" },
      Replicas: [
        Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } }),
      ],
    });
  });

  it("retains and deletion-protects production data, and removes a throwaway stage's", () => {
    prod.hasResource("AWS::DynamoDB::GlobalTable", {
      DeletionPolicy: "Retain",
      Properties: Match.objectLike({ Replicas: [Match.objectLike({ DeletionProtectionEnabled: true })] }),
    });
    dev.hasResource("AWS::DynamoDB::GlobalTable", {
      DeletionPolicy: "Delete",
      Properties: Match.objectLike({ Replicas: [Match.objectLike({ DeletionProtectionEnabled: false })] }),
    });
    prod.hasResource("AWS::S3::Bucket", { DeletionPolicy: "Retain" });
    expect(Object.keys(resourcesOf(prod, "Custom::S3AutoDeleteObjects"))).toEqual([]);
    expect(Object.keys(resourcesOf(dev, "Custom::S3AutoDeleteObjects"))).toHaveLength(2);
  });

  it("keeps files private, encrypted, TLS-only, with multipart leftovers aborted and CORS for the stage's origins", () => {
    dev.hasResourceProperties("AWS::S3::Bucket", {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: "BucketOwnerEnforced" }] },
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: "AES256" } }],
      },
      LifecycleConfiguration: {
        Rules: [Match.objectLike({ AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 } })],
      },
      CorsConfiguration: {
        CorsRules: [
          {
            AllowedOrigins: ["http://localhost:5173"],
            AllowedMethods: ["POST", "GET", "HEAD"],
            ExposedHeaders: ["ETag", "x-amz-request-id"],
            MaxAge: 600,
          },
          {
            AllowedOrigins: ["*"],
            AllowedMethods: ["GET", "HEAD"],
            ExposedHeaders: ["ETag", "x-amz-request-id"],
            MaxAge: 600,
          },
        ],
      },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: "files/" }),
    });
    const policies = Object.values(resourcesOf(dev, "AWS::S3::BucketPolicy"));
    expect(policies.length).toBeGreaterThan(0);
    for (const policy of policies) {
      expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain('"aws:SecureTransport":"false"');
      expect(JSON.stringify(policy.Properties.PolicyDocument)).toContain('"s3:TlsVersion":1.2');
    }
  });
});

describe("the stack's file recorder", () => {
  const recorder = description.functions.find((fn) => fn.trigger.kind === "s3");

  it("is SwiftyPlanner's files-record, triggered by ObjectCreated under users/ and by no route", () => {
    expect(recorder?.name).toBe("files-record");
    expect(recorder?.trigger).toEqual({ kind: "s3", event: "s3:ObjectCreated:*", prefixes: ["users/"] });
    expect(description.routes.map((route) => route.function)).not.toContain("files-record");
  });

  it("is invoked by one ObjectCreated notification per prefix of its trigger, filtered on that prefix", () => {
    const trigger = recorder?.trigger as Extract<NonNullable<typeof recorder>["trigger"], { kind: "s3" }>;
    const [notifications, ...others] = Object.values(resourcesOf(dev, "Custom::S3BucketNotifications"));
    expect(others).toEqual([]);
    expect(notifications?.Properties.BucketName).toEqual({ Ref: filesBucketId });
    expect(notifications?.Properties.NotificationConfiguration).toEqual({
      LambdaFunctionConfigurations: trigger.prefixes.map((prefix) => ({
        Events: [trigger.event],
        Filter: { Key: { FilterRules: [{ Name: "prefix", Value: prefix }] } },
        LambdaFunctionArn: { "Fn::GetAtt": [logicalIdOf(deployedFunction("files-record")), "Arn"] },
      })),
    });
    dev.hasResourceProperties("AWS::Lambda::Permission", {
      Action: "lambda:InvokeFunction",
      Principal: "s3.amazonaws.com",
      FunctionName: { "Fn::GetAtt": [logicalIdOf(deployedFunction("files-record")), "Arn"] },
      SourceArn: { "Fn::GetAtt": [filesBucketId, "Arn"] },
    });
  });

  it("retries a failed event twice and keeps it up to 6 hours (Lambda's defaults, set explicitly), and only it", () => {
    const configs = Object.values(resourcesOf(dev, "AWS::Lambda::EventInvokeConfig"));
    expect(configs.map((config) => config.Properties)).toEqual([
      {
        FunctionName: { Ref: logicalIdOf(deployedFunction("files-record")) },
        Qualifier: "$LATEST",
        MaximumRetryAttempts: 2,
        MaximumEventAgeInSeconds: 21600,
      },
    ]);
  });
});

describe("the stack's issuer", () => {
  it("is a Cognito user pool with the admin scope's resource server and a client for people and one for machines", () => {
    dev.hasResourceProperties("AWS::Cognito::UserPoolResourceServer", {
      Identifier: "planner",
      Scopes: [Match.objectLike({ ScopeName: "admin" })],
    });
    dev.hasResourceProperties("AWS::Cognito::UserPoolClient", {
      AllowedOAuthFlows: ["code"],
      GenerateSecret: false,
      CallbackURLs: ["http://localhost:5173/"],
    });
    dev.hasResourceProperties("AWS::Cognito::UserPoolClient", {
      AllowedOAuthFlows: ["client_credentials"],
      GenerateSecret: true,
    });
  });

  it("is an external OIDC issuer and audience when the app names one, with no user pool", () => {
    const external = templateOf("dev", variant({ auth: { issuer: "https://issuer.example.com/" } }));
    external.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", {
      JwtConfiguration: { Issuer: "https://issuer.example.com/", Audience: ["swifty-planner"] },
    });
    expect(Object.keys(resourcesOf(external, "AWS::Cognito::UserPool"))).toEqual([]);
  });
});

describe("the stack's domain", () => {
  const certificateArn =
    "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555";

  it("is off by default: the execute-api endpoint serves the stage", () => {
    expect(Object.keys(resourcesOf(dev, "AWS::ApiGatewayV2::DomainName"))).toEqual([]);
    dev.hasResourceProperties("AWS::ApiGatewayV2::Api", { DisableExecuteApiEndpoint: false });
  });

  it("maps a custom domain on an imported certificate to v1, and disables the default endpoint", () => {
    const withDomain = templateOf(
      "dev",
      variant({ stage: { domain: { name: "api.planner.example.com", certificateArn } } }),
    );
    withDomain.hasResourceProperties("AWS::ApiGatewayV2::DomainName", {
      DomainName: "api.planner.example.com",
      DomainNameConfigurations: [
        { CertificateArn: certificateArn, EndpointType: "REGIONAL", SecurityPolicy: "TLS_1_2" },
      ],
    });
    withDomain.hasResourceProperties("AWS::ApiGatewayV2::ApiMapping", { Stage: Match.anyValue() });
    withDomain.hasResourceProperties("AWS::ApiGatewayV2::Api", { DisableExecuteApiEndpoint: true });
    withDomain.hasOutput("ApiUrl", { Value: "https://api.planner.example.com" });
  });
});

describe("synth refuses", () => {
  it.each([
    ["http://localhost:*", /http:\/\/localhost:5173.*localOrigins/],
    ["https://*.example.com", /exact origin.*https:\/\/\*/],
    ["https://App.Example.com/", /Write "https:\/\/app\.example\.com"/],
  ])("the CORS origin %s, which API Gateway would reject, saying what to write instead", (origin, advice) => {
    const bad = variant({ stage: { allowOrigins: [origin] } });
    expect(() => templateOf("dev", bad)).toThrow(DeployedOriginError);
    expect(() => templateOf("dev", bad)).toThrow(advice);
  });
});

describe("the stack's observability", () => {
  it("alarms on the API's 5xx rate, each function's errors and throttles, and DynamoDB system errors, on one dashboard", () => {
    const alarms = Object.values(resourcesOf(dev, "AWS::CloudWatch::Alarm"));
    expect(alarms).toHaveLength(2 + 2 * description.functions.length);
    const text = JSON.stringify(alarms);
    for (const metric of ['"5xx"', '"Errors"', '"Throttles"', '"SystemErrors"'])
      expect(text).toContain(metric);
    dev.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
    for (const alarm of alarms)
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^ObservabilityAlarms/) }]);
  });

  it("outputs what a client needs: the API URL, the user pool and its clients, the token endpoint, the table and bucket", () => {
    for (const output of [
      "ApiUrl",
      "Issuer",
      "UserPoolId",
      "WebClientId",
      "MachineClientId",
      "TokenEndpoint",
      "TableName",
      "BucketName",
    ]) {
      dev.hasOutput(output, {});
    }
    // The execute-api URL with the stage and no trailing slash, so `${ApiUrl}/users` is a route.
    const apiUrl = JSON.stringify(dev.findOutputs("ApiUrl").ApiUrl?.Value);
    expect(apiUrl).toMatch(/\.execute-api\..*"\/v1"\]\]\}$/);
  });
});

describe("the stack's options", () => {
  it("turns on Lambda active tracing when deploy.tracing is set, and leaves it off by default", () => {
    const traced = templateOf("dev", variant({ deploy: { tracing: true } }));
    for (const fn of Object.values(resourcesOf(traced, "AWS::Lambda::Function")).filter((resource) =>
      String(resource.Properties.FunctionName).startsWith("swifty-planner-dev-"),
    )) {
      expect(fn.Properties.TracingConfig).toEqual({ Mode: "Active" });
    }
    dev.hasResourceProperties("AWS::Lambda::Function", {
      FunctionName: "swifty-planner-dev-users-get",
      TracingConfig: Match.absent(),
    });
  });

  it("creates, when asked, a role GitHub Actions assumes through OIDC for one branch of one repository, with no keys", () => {
    const withRole = templateOf(
      "dev",
      variant({ deploy: { githubDeployRole: { repository: "acme/planner" } } }),
    );
    withRole.hasResourceProperties("AWS::IAM::OIDCProvider", {
      Url: "https://token.actions.githubusercontent.com",
      ClientIdList: ["sts.amazonaws.com"],
    });
    withRole.hasResourceProperties("AWS::IAM::Role", {
      AssumeRolePolicyDocument: {
        Statement: [
          Match.objectLike({
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
              StringEquals: {
                "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
                "token.actions.githubusercontent.com:sub": "repo:acme/planner:ref:refs/heads/main",
              },
            },
          }),
        ],
      },
    });
    const policies = JSON.stringify(resourcesOf(withRole, "AWS::IAM::Role"));
    for (const purpose of ["deploy-role", "file-publishing-role", "lookup-role"]) {
      expect(policies).toContain(`:role/cdk-hnb659fds-${purpose}-`);
    }
    expect(policies).not.toContain("cdk-*");
    withRole.hasOutput("DeployRoleArn", {});
    expect(Object.keys(resourcesOf(withRole, "AWS::IAM::AccessKey"))).toEqual([]);
    expect(Object.keys(resourcesOf(dev, "AWS::IAM::OIDCProvider"))).toEqual([]);
  });
});

describe("a stage name", () => {
  it("must be one of deploy.stages, own keys only", () => {
    for (const stage of ["qa", "toString", "__proto__"]) {
      expect(() => templateOf(stage)).toThrow(UnknownStageError);
    }
    expect(() => templateOf("qa")).toThrow(
      'No stage "qa" in app "swifty-planner"; stages: dev, prod (deploy.stages in the app definition).',
    );
  });
});
