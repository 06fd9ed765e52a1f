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

/** A function's role's statements, each as `action on resource-kind`, the logs grant included. */
function grantsOf(name: string): string[] {
  const functionName = deployedFunctionName(description, "dev", { name });
  const [fn] = Object.values(resourcesOf(dev, "AWS::Lambda::Function")).filter(
    (resource) => resource.Properties.FunctionName === functionName,
  );
  const roleId = ((fn as TemplateResource).Properties.Role as { "Fn::GetAtt": [string] })["Fn::GetAtt"][0];
  const role = resourcesOf(dev, "AWS::IAM::Role")[roleId] as TemplateResource;
  const policies = role.Properties.Policies as { PolicyDocument: { Statement: Record<string, unknown>[] } }[];
  expect(role.Properties.ManagedPolicyArns).toBeUndefined();
  return policies.flatMap((policy) =>
    policy.PolicyDocument.Statement.flatMap((statement) => {
      const resource = JSON.stringify(statement.Resource);
      const kind = resource.includes("/index/GSI1")
        ? "index/GSI1"
        : resource.includes("DataTable")
          ? "table"
          : resource.includes("CursorSecret")
            ? "cursor secret"
            : resource.includes("Logs")
              ? "own log group"
              : resource;
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

  it("are one per route, on nodejs24.x arm64, with describeApp's memory and timeout, below the 30 s integration timeout", () => {
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
  });

  it("keep their logs in a log group with the configured retention", () => {
    const retained = Object.values(resourcesOf(dev, "AWS::Logs::LogGroup")).filter((group) =>
      String(group.Properties.LogGroupName).startsWith("/aws/lambda/swifty-planner-dev-"),
    );
    expect(retained).toHaveLength(description.functions.length);
    for (const group of retained) expect(group.Properties.RetentionInDays).toBe(30);
  });

  it.each([
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
      ],
    ],
    [
      "todos-create",
      ["dynamodb:ConditionCheckItem on table", "dynamodb:GetItem on table", "dynamodb:PutItem on table"],
    ],
    ["todos-list", ["dynamodb:Query on table", "secretsmanager:GetSecretValue on cursor secret"]],
    ["todos-get", ["dynamodb:GetItem on table"]],
    ["todos-replace", ["dynamodb:GetItem on table", "dynamodb:UpdateItem on table"]],
    ["todos-patch", ["dynamodb:GetItem on table", "dynamodb:UpdateItem on table"]],
    ["todos-delete", ["dynamodb:DeleteItem on table", "dynamodb:GetItem on table"]],
  ])("%s may do exactly its declared actions, on this table, and write its own logs", (name, actions) => {
    expect(grantsOf(name).sort()).toEqual(
      ["logs:CreateLogStream on own log group", "logs:PutLogEvents on own log group", ...actions].sort(),
    );
  });

  it("grant no wildcard action and no AWS managed policy", () => {
    for (const [id, role] of Object.entries(resourcesOf(dev, "AWS::IAM::Role")).filter(([id]) =>
      id.startsWith("Fn"),
    )) {
      expect(JSON.stringify(role.Properties.Policies), id).not.toMatch(/"[a-z0-9]+:\*"|"\*"/);
    }
  });
});

describe("the stack's data", () => {
  it("keeps one table with PK/SK, GSI1, TTL, on-demand billing, point-in-time recovery and KMS encryption", () => {
    dev.hasResourceProperties("AWS::DynamoDB::GlobalTable", {
      KeySchema: [
        { AttributeName: "PK", KeyType: "HASH" },
        { AttributeName: "SK", KeyType: "RANGE" },
      ],
      BillingMode: "PAY_PER_REQUEST",
      GlobalSecondaryIndexes: [
        Match.objectLike({
          IndexName: "GSI1",
          KeySchema: [
            { AttributeName: "GSI1PK", KeyType: "HASH" },
            { AttributeName: "GSI1SK", KeyType: "RANGE" },
          ],
          Projection: { ProjectionType: "ALL" },
        }),
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
          Match.objectLike({ AllowedOrigins: ["http://localhost:5173"], AllowedMethods: ["POST", "GET"] }),
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
