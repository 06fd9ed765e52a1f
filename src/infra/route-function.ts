/**
 * One Lambda function per route, bundled by `NodejsFunction` with the esbuild installed in
 * node_modules (no Docker), with the options of `bundling.ts` (ESM, minified, the AWS SDK left to
 * the runtime's own copy). Runtime, architecture, memory and timeout come from `describeApp`; the environment holds
 * only the names the function uses; its log group keeps the configured retention.
 */
import { join } from "node:path";
import type { aws_secretsmanager as secretsmanager } from "aws-cdk-lib";
import {
  Duration,
  aws_lambda as lambda,
  aws_logs as logs,
  aws_lambda_nodejs as nodejs,
  RemovalPolicy,
} from "aws-cdk-lib";
import { Construct } from "constructs";
import {
  type AppDescription,
  type EnvName,
  envNames,
  type FunctionDescription,
  type SecretName,
} from "../model/index.js";
import type { FilesBucket } from "./bucket.js";
import { type BundledRuntime, type FunctionBundling, functionBundling } from "./bundling.js";
import { functionRole } from "./function-role.js";
import { acceptFinding } from "./nag-suppressions.js";
import { deployedFunctionName, functionLogGroupName, stackName } from "./names.js";
import type { AppTable } from "./table.js";

const runtimes: Readonly<Record<FunctionDescription["runtime"]["name"], lambda.Runtime>> = {
  "nodejs24.x": lambda.Runtime.NODEJS_24_X,
};

const architectures: Readonly<Record<FunctionDescription["runtime"]["architecture"], lambda.Architecture>> = {
  arm64: lambda.Architecture.ARM_64,
};

const formats: Readonly<Record<FunctionBundling["format"], nodejs.OutputFormat>> = {
  esm: nodejs.OutputFormat.ESM,
};

/** `bundling.ts`'s options as `NodejsFunction` takes them, bundled with the local esbuild. */
function cdkBundling(runtime: BundledRuntime): nodejs.BundlingOptions {
  const bundling = functionBundling(runtime);
  return {
    format: formats[bundling.format],
    target: bundling.target,
    minify: bundling.minify,
    sourceMap: bundling.sourceMap,
    metafile: true,
    mainFields: [...bundling.mainFields],
    externalModules: [...bundling.externalModules],
    ...(bundling.conditions === undefined
      ? {}
      : { esbuildArgs: { "--conditions": bundling.conditions.join(",") } }),
    forceDockerBundling: false,
  };
}

export interface RouteFunctionProps {
  readonly app: AppDescription;
  readonly stage: string;
  readonly fn: FunctionDescription;
  /** The folder the function entries are relative to (the app folder). */
  readonly appDir: string;
  /** The folder holding package.json and package-lock.json. */
  readonly projectRoot: string;
  readonly table: AppTable;
  readonly secrets: Readonly<Record<SecretName, secretsmanager.Secret>>;
  readonly files: FilesBucket;
  readonly tracing: boolean;
  readonly logRetention: logs.RetentionDays;
}

export class RouteFunction extends Construct {
  readonly function: nodejs.NodejsFunction;

  constructor(scope: Construct, id: string, props: RouteFunctionProps) {
    super(scope, id);
    const { app, stage, fn, table, secrets, files } = props;
    const logGroup = new logs.LogGroup(this, "Logs", {
      logGroupName: functionLogGroupName(app, stage, fn),
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const values: Record<EnvName, string> = {
      [envNames.tableName]: table.table.tableName,
      [envNames.cursorSecretId]: secrets.cursor.secretArn,
      [envNames.bucketName]: files.bucket.bucketName,
    };
    const role = functionRole(this, "Role", { fn, table, secrets, files, logGroup });
    // Tracing adds X-Ray's two actions, which take no resource but "*", to the role.
    if (props.tracing) acceptFinding(role, "AwsSolutions-IAM5[Resource::*]");
    this.function = new nodejs.NodejsFunction(this, "Function", {
      functionName: deployedFunctionName(app, stage, fn),
      entry: join(props.appDir, fn.entry),
      handler: "handler",
      projectRoot: props.projectRoot,
      depsLockFilePath: join(props.projectRoot, "package-lock.json"),
      runtime: runtimes[fn.runtime.name],
      architecture: architectures[fn.runtime.architecture],
      memorySize: fn.memoryMb,
      timeout: Duration.seconds(fn.timeoutSeconds),
      role,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      tracing: props.tracing ? lambda.Tracing.ACTIVE : lambda.Tracing.DISABLED,
      // S3 invokes the recorder asynchronously. These are Lambda's defaults, written out so the
      // stack says them: two retries, events kept for up to 6 hours. A record that still fails is
      // dropped (the object stays unrecorded), which the Errors alarm reports.
      ...(fn.trigger.kind === "s3" ? { retryAttempts: 2, maxEventAge: Duration.hours(6) } : {}),
      environment: {
        ...Object.fromEntries(fn.environment.map((name) => [name, values[name]])),
        POWERTOOLS_SERVICE_NAME: stackName(app, stage),
      },
      bundling: cdkBundling(fn.runtime),
    });
  }
}
