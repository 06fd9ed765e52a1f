/**
 * A function's own role, allowing exactly its declared permissions (`describeApp`): the named
 * DynamoDB actions on this table and on each index it queries, reading the secrets it names, the
 * named S3 actions on the object keys of the slots it touches (never on the bucket itself), and
 * writing its own log group. No AWS managed policy, no wildcard action.
 */
import {
  aws_iam as iam,
  type aws_logs as logs,
  type aws_secretsmanager as secretsmanager,
} from "aws-cdk-lib";
import type { Construct } from "constructs";
import type { FunctionDescription, SecretName } from "../model/index.js";
import type { FilesBucket } from "./bucket.js";
import { acceptObjectKeys } from "./nag-suppressions.js";
import type { AppTable } from "./table.js";

export interface FunctionRoleProps {
  readonly fn: FunctionDescription;
  readonly table: AppTable;
  readonly secrets: Readonly<Record<SecretName, secretsmanager.Secret>>;
  readonly files: FilesBucket;
  readonly logGroup: logs.ILogGroup;
}

/** The statements for a function's declared permissions, in the order `describeApp` lists them. */
export function permissionStatements({
  fn,
  table,
  secrets,
  files,
  logGroup,
}: FunctionRoleProps): iam.PolicyStatement[] {
  return [
    // Lambda names its log streams at run time, so the streams of this one group are the resource.
    new iam.PolicyStatement({
      actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
      resources: [`${logGroup.logGroupArn}`],
    }),
    ...fn.permissions.dynamodb.map(
      (grant) =>
        new iam.PolicyStatement({ actions: [...grant.actions], resources: [table.arnOf(grant.resource)] }),
    ),
    ...fn.permissions.secrets.map(
      (grant) =>
        new iam.PolicyStatement({
          actions: [...grant.actions],
          resources: [secrets[grant.secret].secretArn],
        }),
    ),
    // One statement per slot: `arn:<partition>:s3:::<bucket>/accounts/*/picture/*`. A presigned POST or
    // GET is checked against its signer's permissions when it is used, so this is also all a
    // ticket can ever do.
    ...fn.permissions.s3.map(
      (grant) =>
        new iam.PolicyStatement({
          actions: [...grant.actions],
          resources: [files.bucket.arnForObjects(grant.objects)],
        }),
    ),
  ];
}

export function functionRole(scope: Construct, id: string, props: FunctionRoleProps): iam.Role {
  const role = new iam.Role(scope, id, {
    assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
    description: `Runs ${props.fn.name}: exactly its declared permissions`,
    inlinePolicies: { Permissions: new iam.PolicyDocument({ statements: permissionStatements(props) }) },
  });
  for (const grant of props.fn.permissions.s3) acceptObjectKeys(role, props.files.bucket, grant.objects);
  return role;
}
