/**
 * One stage of the app as a CloudFormation stack, read from `describeApp(app)` only: the table,
 * the files bucket, the cursor secret, the issuer and JWT authorizer, one function per route, the
 * HTTP API, alarms and a dashboard, the opt-in GitHub deploy role, and the outputs a client needs.
 */
import {
  CfnOutput,
  type aws_logs as logs,
  Stack,
  type StackProps,
  aws_secretsmanager as secretsmanager,
} from "aws-cdk-lib";
import type { Construct } from "constructs";
import {
  type AppDescription,
  knownStages,
  type SecretName,
  type StageConfig,
  stageNamed,
} from "../model/index.js";
import { errorWithCode } from "../runtime/index.js";
import { HttpApi } from "./api.js";
import { ApiAuth } from "./auth.js";
import { FilesBucket } from "./bucket.js";
import { deployedOrigins } from "./cors-origins.js";
import { GithubDeployRole } from "./github-deploy-role.js";
import { acceptFinding } from "./nag-suppressions.js";
import { stackOutputs } from "./names.js";
import { Observability } from "./observability.js";
import { RouteFunction } from "./route-function.js";
import { stagePolicy } from "./stage-policy.js";
import { AppTable } from "./table.js";

export interface PorticoStackProps extends StackProps {
  readonly app: AppDescription;
  /** The deployed stage's name: a key of `app.deploy.stages`. */
  readonly stage: string;
  /** The folder function entries are relative to. */
  readonly appDir: string;
  /** The folder with package.json and package-lock.json. */
  readonly projectRoot: string;
}

export class UnknownStageError extends errorWithCode("infra.unknown_stage") {
  constructor(app: AppDescription, stage: string) {
    super(`No stage "${stage}" in app "${app.name}"; ${knownStages(app.deploy)}.`);
  }
}

export function stageConfig(app: AppDescription, stage: string): StageConfig {
  const config = stageNamed(app.deploy, stage);
  if (config === undefined) throw new UnknownStageError(app, stage);
  return config;
}

export class PorticoStack extends Stack {
  readonly table: AppTable;
  readonly files: FilesBucket;
  readonly api: HttpApi;
  readonly functions: ReadonlyMap<string, RouteFunction>;

  constructor(scope: Construct, id: string, props: PorticoStackProps) {
    super(scope, id, props);
    const { app, stage } = props;
    const config = stageConfig(app, stage);
    const policy = stagePolicy(config);
    const allowOrigins = deployedOrigins(app, stage);
    const logRetention = app.deploy.logRetentionDays as logs.RetentionDays;

    this.table = new AppTable(this, "Data", { table: app.table, policy });
    this.files = new FilesBucket(this, "Files", { allowOrigins, cors: app.bucket.cors, policy });
    const cursorSecret = new secretsmanager.Secret(this, "CursorSecret", {
      description: `${app.name} ${stage}: signs page cursors`,
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
    });
    acceptFinding(cursorSecret, "AwsSolutions-SMG4");
    const secrets: Record<SecretName, secretsmanager.Secret> = { cursor: cursorSecret };
    const auth = new ApiAuth(this, "Auth", { app, stage, policy, callbackOrigins: allowOrigins });
    const functions = new Map<string, RouteFunction>();
    for (const fn of app.functions) {
      functions.set(
        fn.name,
        new RouteFunction(this, `Fn-${fn.name}`, {
          app,
          stage,
          fn,
          appDir: props.appDir,
          projectRoot: props.projectRoot,
          table: this.table,
          secrets,
          files: this.files,
          tracing: app.deploy.tracing,
          logRetention,
        }),
      );
    }
    this.functions = functions;
    // The file recorder learns of each upload from S3 itself, on AWS as locally.
    for (const fn of app.functions) {
      const created = functions.get(fn.name);
      if (fn.trigger.kind === "s3" && created !== undefined)
        this.files.notifyOnObjectCreated(created.function, fn.trigger.prefixes);
    }
    this.api = new HttpApi(this, "Http", {
      app,
      stage: config,
      allowOrigins,
      authorizer: auth.authorizer,
      functions,
      logRetention,
    });
    new Observability(this, "Observability", {
      app,
      stage,
      alarmEmail: config.alarmEmail,
      api: this.api.api,
      apiStage: this.api.stage,
      functions: new Map([...functions].map(([name, fn]) => [name, fn.function])),
      table: this.table.table,
    });
    const deployRole =
      app.deploy.githubDeployRole === undefined
        ? undefined
        : new GithubDeployRole(this, "GithubDeploy", app.deploy.githubDeployRole);

    const output = (key: string, value: string, description: string) =>
      new CfnOutput(this, key, { key, value, description });
    output(stackOutputs.apiUrl, this.api.url, "The API's base URL");
    output(stackOutputs.issuer, auth.issuer, "The JWT issuer the API trusts");
    if (auth.userPool !== undefined) {
      output(stackOutputs.userPoolId, auth.userPool.userPool.userPoolId, "The Cognito user pool");
      output(
        stackOutputs.webClientId,
        auth.userPool.webClient.userPoolClientId,
        "App client for people (hosted UI, PKCE)",
      );
      output(
        stackOutputs.machineClientId,
        auth.userPool.machineClient.userPoolClientId,
        "App client for machines (client credentials)",
      );
      output(stackOutputs.tokenEndpoint, auth.userPool.tokenEndpoint, "OAuth 2.0 token endpoint");
    }
    output(stackOutputs.tableName, this.table.table.tableName, "The DynamoDB table");
    output(stackOutputs.bucketName, this.files.bucket.bucketName, "The files bucket");
    if (deployRole !== undefined)
      output(
        stackOutputs.deployRoleArn,
        deployRole.role.roleArn,
        "GitHub Actions assumes this role to deploy",
      );
  }
}
