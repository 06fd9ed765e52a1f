/**
 * Where a deployed stage is and how to call it, found from the stack alone: the API's URL from its
 * CloudFormation outputs, and access tokens through Cognito's client-credentials flow (the machine
 * client's id from the outputs, its secret from DescribeUserPoolClient, then the user pool's token
 * endpoint). The AWS clients and fetch are injected, so the wiring is tested without AWS.
 */
import { type CloudFormationClient, DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import {
  type CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { errorWithCode, PorticoError } from "portico/runtime";
import { type StackOutputKey, stackName, stackOutputs } from "../../src/infra/names.js";

export class DeployedTargetError extends PorticoError {}

/** No stack of that name in the account and Region the credentials reach. */
export class DeployedStackMissingError extends errorWithCode(
  "test.deployed_stack_missing",
  DeployedTargetError,
) {
  constructor(stack: string, options?: { cause?: unknown }) {
    super(
      `No stack "${stack}" in this account and Region: deploy it first (npm run deploy -- --stage <stage>), or set AWS_REGION.`,
      options,
    );
  }
}

/** The stack exists but lacks an output the suites need (an older stack, or an external issuer). */
export class StackOutputMissingError extends errorWithCode("test.stack_output_missing", DeployedTargetError) {
  constructor(stack: string, output: StackOutputKey) {
    super(`Stack "${stack}" has no output "${output}": deploy the stage again.`);
  }
}

/** Cognito would not give the machine client a token. */
export class TokenRequestError extends errorWithCode("test.token_request", DeployedTargetError) {
  constructor(reason: string) {
    super(`No token from Cognito's client-credentials flow: ${reason}`);
  }
}

export interface DeployedClients {
  readonly cloudFormation: Pick<CloudFormationClient, "send">;
  readonly cognito: Pick<CognitoIdentityProviderClient, "send">;
  readonly fetch: typeof fetch;
}

export interface DeployedTarget {
  readonly stackName: string;
  /** The API's base URL with its stage: `https://…/v1`. */
  readonly apiUrl: string;
  readonly tableName: string;
  /** The only caller a deployed stage has: its `sub` is this id. */
  readonly machineClientId: string;
  /** An access token of the machine client with `scope` (one at a time, reused until near expiry). */
  token(scope: string): Promise<string>;
}

async function outputsOf(clients: DeployedClients, stack: string): Promise<Map<string, string>> {
  try {
    const { Stacks } = await clients.cloudFormation.send(new DescribeStacksCommand({ StackName: stack }));
    const found = Stacks?.[0];
    if (found === undefined) throw new DeployedStackMissingError(stack);
    return new Map(
      (found.Outputs ?? []).flatMap((output) =>
        output.OutputKey === undefined || output.OutputValue === undefined
          ? []
          : [[output.OutputKey, output.OutputValue] as const],
      ),
    );
  } catch (error) {
    // CloudFormation answers a stack that does not exist with a ValidationError.
    if (error instanceof Error && error.name === "ValidationError" && /does not exist/.test(error.message)) {
      throw new DeployedStackMissingError(stack, { cause: error });
    }
    throw error;
  }
}

/** Finds `stage` of `app` through its stack's outputs; throws a `DeployedTargetError` saying what is missing. */
export async function discoverDeployedTarget(
  app: { readonly name: string },
  stage: string,
  clients: DeployedClients,
): Promise<DeployedTarget> {
  const stack = stackName(app, stage);
  const outputs = await outputsOf(clients, stack);
  const output = (key: StackOutputKey): string => {
    const value = outputs.get(key);
    if (value === undefined) throw new StackOutputMissingError(stack, key);
    return value;
  };
  const apiUrl = output(stackOutputs.apiUrl).replace(/\/$/, "");
  const userPoolId = output(stackOutputs.userPoolId);
  const clientId = output(stackOutputs.machineClientId);
  const tokenEndpoint = output(stackOutputs.tokenEndpoint);
  const { UserPoolClient } = await clients.cognito.send(
    new DescribeUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: clientId }),
  );
  const secret = UserPoolClient?.ClientSecret;
  if (secret === undefined) throw new TokenRequestError(`app client ${clientId} has no secret.`);
  const basic = Buffer.from(`${clientId}:${secret}`).toString("base64");
  const tokens = new Map<string, { readonly token: string; readonly until: number }>();
  return {
    stackName: stack,
    apiUrl,
    tableName: output(stackOutputs.tableName),
    machineClientId: clientId,
    async token(scope) {
      const cached = tokens.get(scope);
      if (cached !== undefined && cached.until > Date.now()) return cached.token;
      const response = await clients.fetch(tokenEndpoint, {
        method: "POST",
        headers: { authorization: `Basic ${basic}`, "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ grant_type: "client_credentials", scope }).toString(),
      });
      const body = (await response.json().catch(() => ({}))) as {
        access_token?: string;
        expires_in?: number;
        error?: string;
      };
      if (!response.ok || typeof body.access_token !== "string") {
        throw new TokenRequestError(
          `${tokenEndpoint} answered ${response.status} ${body.error ?? ""}`.trim(),
        );
      }
      // Renewed a minute before it expires, so a long run never sends an expired token.
      const until = Date.now() + ((body.expires_in ?? 3600) - 60) * 1000;
      tokens.set(scope, { token: body.access_token, until });
      return body.access_token;
    },
  };
}
