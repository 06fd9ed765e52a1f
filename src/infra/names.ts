/**
 * The names the deployed stack gives things, written once: the stack of each stage, its
 * functions, their log groups and the stack's outputs. The CLI (`deploy`, `logs`) and the deployed
 * contract suite find a stage's resources through these.
 */
import type { AppDescription, FunctionDescription } from "../model/index.js";
import { errorWithCode } from "../runtime/index.js";

/** Lambda's limit on a function's name. */
export const maxFunctionNameLength = 64;

/** `<app>-<stage>-<function>` is longer than Lambda takes. */
export class DeployedNameTooLongError extends errorWithCode("infra.name_too_long") {
  constructor(name: string, limit: number) {
    super(
      `The deployed name "${name}" has ${name.length} characters; AWS takes ${limit}. Shorten the app's name or the stage's.`,
    );
  }
}

/** `my-app-dev`: one CloudFormation stack per stage. */
export function stackName(app: Pick<AppDescription, "name">, stage: string): string {
  return `${app.name}-${stage}`;
}

/** `my-app-dev-accounts-get`: Lambda names are unique per account and Region, so they carry the stage. */
export function deployedFunctionName(
  app: Pick<AppDescription, "name">,
  stage: string,
  fn: Pick<FunctionDescription, "name">,
): string {
  const name = `${stackName(app, stage)}-${fn.name}`;
  if (name.length > maxFunctionNameLength) throw new DeployedNameTooLongError(name, maxFunctionNameLength);
  return name;
}

/** Where Lambda writes a function's logs; the stack creates it, with the configured retention. */
export function functionLogGroupName(
  app: Pick<AppDescription, "name">,
  stage: string,
  fn: Pick<FunctionDescription, "name">,
): string {
  return `/aws/lambda/${deployedFunctionName(app, stage, fn)}`;
}

/** The stack's outputs, by the key CloudFormation shows. */
export const stackOutputs = {
  /** The API's base URL with its stage (`https://…/v1`), or the custom domain's. */
  apiUrl: "ApiUrl",
  /** The JWT issuer the authorizer trusts. */
  issuer: "Issuer",
  userPoolId: "UserPoolId",
  /** The app client for people: the hosted UI, authorization code with PKCE. */
  webClientId: "WebClientId",
  /** The app client for machines: client credentials, with a secret. */
  machineClientId: "MachineClientId",
  /** The OAuth 2.0 token endpoint of the user pool's domain. */
  tokenEndpoint: "TokenEndpoint",
  tableName: "TableName",
  bucketName: "BucketName",
  /** The role GitHub Actions assumes, when the stack creates it. */
  deployRoleArn: "DeployRoleArn",
} as const;

export type StackOutputKey = (typeof stackOutputs)[keyof typeof stackOutputs];
