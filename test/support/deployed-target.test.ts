import type { DescribeStacksCommand } from "@aws-sdk/client-cloudformation";
import type { DescribeUserPoolClientCommand } from "@aws-sdk/client-cognito-identity-provider";
import { describe, expect, it } from "vitest";
import { stackOutputs } from "../../src/infra/names.js";
import {
  type DeployedClients,
  DeployedStackMissingError,
  discoverDeployedTarget,
  StackOutputMissingError,
  TokenRequestError,
} from "./deployed-target.js";

const app = { name: "swifty-planner" };

const outputs: Record<string, string> = {
  [stackOutputs.apiUrl]: "https://abc.execute-api.eu-west-1.amazonaws.com/v1/",
  [stackOutputs.userPoolId]: "eu-west-1_pool",
  [stackOutputs.machineClientId]: "machine-client",
  [stackOutputs.tokenEndpoint]: "https://planner-dev.auth.eu-west-1.amazoncognito.com/oauth2/token",
  [stackOutputs.tableName]: "swifty-planner-dev-Data",
};

/** CloudFormation, Cognito and fetch, all mocked; each records what it was asked. */
function mocked(
  options: {
    stack?: Record<string, string> | Error;
    secret?: string | undefined;
    token?: { status: number; body: unknown };
  } = {},
) {
  const asked: { stacks: unknown[]; clients: unknown[]; tokens: { url: string; init: RequestInit }[] } = {
    stacks: [],
    clients: [],
    tokens: [],
  };
  const stack = options.stack ?? outputs;
  const clients: DeployedClients = {
    cloudFormation: {
      send: (async (command: DescribeStacksCommand) => {
        asked.stacks.push(command.input);
        if (stack instanceof Error) throw stack;
        return {
          Stacks: [
            {
              Outputs: Object.entries(stack).map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })),
            },
          ],
        };
      }) as DeployedClients["cloudFormation"]["send"],
    },
    cognito: {
      send: (async (command: DescribeUserPoolClientCommand) => {
        asked.clients.push(command.input);
        return {
          UserPoolClient: "secret" in options ? { ClientSecret: options.secret } : { ClientSecret: "s3cret" },
        };
      }) as DeployedClients["cognito"]["send"],
    },
    fetch: (async (url: string, init: RequestInit) => {
      asked.tokens.push({ url, init });
      const { status, body } = options.token ?? {
        status: 200,
        body: { access_token: "machine-token", expires_in: 3600, token_type: "Bearer" },
      };
      return new Response(JSON.stringify(body), { status });
    }) as typeof fetch,
  };
  return { clients, asked };
}

describe("the deployed target's discovery (CloudFormation, Cognito and fetch mocked)", () => {
  it("reads the API URL and table from the stage's stack outputs", async () => {
    const { clients, asked } = mocked();
    const target = await discoverDeployedTarget(app, "dev", clients);
    expect(asked.stacks).toEqual([{ StackName: "swifty-planner-dev" }]);
    expect(target).toMatchObject({
      stackName: "swifty-planner-dev",
      apiUrl: "https://abc.execute-api.eu-west-1.amazonaws.com/v1",
      tableName: "swifty-planner-dev-Data",
      machineClientId: "machine-client",
    });
  });

  it("gets a token by client credentials: the machine client's secret from Cognito, POSTed to the token endpoint", async () => {
    const { clients, asked } = mocked();
    const target = await discoverDeployedTarget(app, "dev", clients);
    expect(await target.token("planner/admin")).toBe("machine-token");
    expect(await target.token("planner/admin")).toBe("machine-token");
    expect(asked.clients).toEqual([{ UserPoolId: "eu-west-1_pool", ClientId: "machine-client" }]);
    expect(asked.tokens).toHaveLength(1);
    const [request] = asked.tokens;
    expect(request?.url).toBe(outputs[stackOutputs.tokenEndpoint]);
    expect(request?.init).toMatchObject({
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from("machine-client:s3cret").toString("base64")}`,
        "content-type": "application/x-www-form-urlencoded",
      },
    });
    expect(Object.fromEntries(new URLSearchParams(String(request?.init.body)))).toEqual({
      grant_type: "client_credentials",
      scope: "planner/admin",
    });
  });

  it("says the stack is missing when CloudFormation does not know it", async () => {
    const missing = Object.assign(new Error("Stack with id swifty-planner-qa does not exist"), {
      name: "ValidationError",
    });
    await expect(discoverDeployedTarget(app, "qa", mocked({ stack: missing }).clients)).rejects.toThrow(
      DeployedStackMissingError,
    );
    const denied = Object.assign(new Error("not authorized"), { name: "AccessDenied" });
    await expect(discoverDeployedTarget(app, "dev", mocked({ stack: denied }).clients)).rejects.toThrow(
      "not authorized",
    );
  });

  it.each([
    stackOutputs.apiUrl,
    stackOutputs.userPoolId,
    stackOutputs.machineClientId,
    stackOutputs.tokenEndpoint,
  ])("names the output %s when the stack lacks it", async (key) => {
    const { [key]: _left, ...rest } = outputs;
    await expect(discoverDeployedTarget(app, "dev", mocked({ stack: rest }).clients)).rejects.toThrow(
      new StackOutputMissingError("swifty-planner-dev", key),
    );
  });

  it("refuses a machine client without a secret, and a token endpoint that refuses", async () => {
    await expect(discoverDeployedTarget(app, "dev", mocked({ secret: undefined }).clients)).rejects.toThrow(
      TokenRequestError,
    );
    const refused = mocked({ token: { status: 400, body: { error: "invalid_scope" } } });
    const target = await discoverDeployedTarget(app, "dev", refused.clients);
    await expect(target.token("planner/admin")).rejects.toThrow(/answered 400 invalid_scope/);
  });
});
