import { describe, expect, it } from "vitest";
import { testApp as app } from "../../../test/support/store-entities.js";
import { describeApp, describedFunction } from "../../model/index.js";
import { functionEnvironment } from "./function-environment.js";

describe("a function's local environment", () => {
  const description = describeApp(app);
  const endpoints = {
    tableName: "store-test",
    cursorSecret: "s".repeat(64),
    dynamodbEndpoint: "http://127.0.0.1:8000",
    accessKeyId: "PORTICOTESTKEY",
    bucketName: "store-test-files",
    s3Endpoint: "http://127.0.0.1:4569",
    s3Credentials: { accessKeyId: "PORTICOS3KEY", secretAccessKey: "s3-secret" },
  };
  const environment = functionEnvironment(
    description,
    describedFunction(description, "accounts-get"),
    endpoints,
  );

  it("names the Lambda runtime the stack deploys, as Lambda's own AWS_EXECUTION_ENV does", () => {
    expect(environment.AWS_EXECUTION_ENV).toBe("AWS_Lambda_nodejs24.x");
  });

  it("gives the function its name, memory and the SDK's local endpoints and key", () => {
    expect(environment).toMatchObject({
      AWS_LAMBDA_FUNCTION_NAME: "store-test-accounts-get",
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "512",
      AWS_ENDPOINT_URL_DYNAMODB: "http://127.0.0.1:8000",
      AWS_ACCESS_KEY_ID: "PORTICOTESTKEY",
      PORTICO_TABLE_NAME: "store-test",
    });
  });

  function porticoVariables(name: string): Record<string, string> {
    const all = functionEnvironment(description, describedFunction(description, name), endpoints);
    return Object.fromEntries(Object.entries(all).filter(([key]) => key.startsWith("PORTICO_")));
  }

  it("sets the Portico variables the function's description names, and only those", () => {
    expect(porticoVariables("accounts-get")).toEqual({
      PORTICO_TABLE_NAME: "store-test",
      PORTICO_LOCAL_CONFIRM_TRANSACTIONS: "true",
    });
    expect(porticoVariables("health")).toEqual({});
  });

  it("gives a list the cursor secret's value locally, beside the secret id it has on AWS", () => {
    expect(porticoVariables("notes-list")).toEqual({
      PORTICO_TABLE_NAME: "store-test",
      PORTICO_CURSOR_SECRET_ID: "portico-local/cursor-secret",
      PORTICO_LOCAL_CURSOR_SECRET: "s".repeat(64),
      PORTICO_LOCAL_CONFIRM_TRANSACTIONS: "true",
    });
  });

  it("gives a function that reaches the bucket the embedded S3's own credentials, never the DynamoDB key", () => {
    expect(porticoVariables("accounts-picture-upload")).toEqual({
      PORTICO_TABLE_NAME: "store-test",
      PORTICO_BUCKET_NAME: "store-test-files",
      PORTICO_LOCAL_CONFIRM_TRANSACTIONS: "true",
      PORTICO_LOCAL_S3_ACCESS_KEY_ID: "PORTICOS3KEY",
      PORTICO_LOCAL_S3_SECRET_ACCESS_KEY: "s3-secret",
    });
    expect(porticoVariables("accounts-get")).not.toHaveProperty("PORTICO_LOCAL_S3_ACCESS_KEY_ID");
  });
});
