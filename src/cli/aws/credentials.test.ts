import { afterEach, describe, expect, it, vi } from "vitest";
import { MissingCredentialsError } from "../errors.js";
import { chainWithoutImds, checkAwsCredentials } from "./credentials.js";

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("the AWS credential check", () => {
  it("passes when the provider finds credentials", async () => {
    await expect(checkAwsCredentials(async () => ({ accessKeyId: "AKIDEXAMPLE" }))).resolves.toBeUndefined();
  });

  it("fails with one line saying how to provide credentials when the provider finds none", async () => {
    const check = checkAwsCredentials(async () => {
      throw new Error("Could not load credentials from any providers\nmore detail");
    });
    await expect(check).rejects.toThrow(MissingCredentialsError);
    await expect(check).rejects.toThrow(
      /^No AWS credentials \(Could not load credentials from any providers\): set AWS_PROFILE .*aws sso login.* AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, .*AWS_REGION.*$/,
    );
  });

  it("fails within its timeout when the provider hangs", async () => {
    await expect(checkAwsCredentials(() => new Promise(() => {}), 20)).rejects.toThrow(/within 0.02 s/);
  });

  it("reads the default chain without the instance metadata service, and leaves the environment as it was", async () => {
    vi.stubEnv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "secret");
    vi.stubEnv("AWS_EC2_METADATA_DISABLED", undefined);
    await expect(chainWithoutImds()).resolves.toMatchObject({ accessKeyId: "AKIDEXAMPLE" });
    expect(process.env.AWS_EC2_METADATA_DISABLED).toBeUndefined();
  });
});
