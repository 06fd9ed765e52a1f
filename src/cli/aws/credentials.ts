/**
 * The check `deploy`, `diff`, `destroy` and `logs` make before anything else: can the SDK's
 * default provider chain find credentials? It must answer at once on a machine with none, so the
 * instance metadata service (which waits on network timeouts off EC2) is left out of the chain
 * while it looks, and the whole look is bounded by a timeout.
 */
import { fromNodeProviderChain } from "@aws-sdk/credential-providers";
import { MissingCredentialsError } from "../errors.js";

export type CredentialProvider = () => Promise<{ readonly accessKeyId: string }>;

/** The SDK variable that turns the EC2 instance metadata provider off. */
const imdsDisabledEnv = "AWS_EC2_METADATA_DISABLED";

/** The default chain (environment, SSO, shared files, process, web identity, container), without IMDS. */
export const chainWithoutImds: CredentialProvider = async () => {
  const before = process.env[imdsDisabledEnv];
  process.env[imdsDisabledEnv] = "true";
  try {
    return await fromNodeProviderChain()();
  } finally {
    if (before === undefined) delete process.env[imdsDisabledEnv];
    else process.env[imdsDisabledEnv] = before;
  }
};

/** Resolves when `provider` finds credentials within `timeoutMs`; else a `MissingCredentialsError`. */
export async function checkAwsCredentials(
  provider: CredentialProvider = chainWithoutImds,
  timeoutMs = 5_000,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new MissingCredentialsError(`none found within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
  });
  try {
    const credentials = await Promise.race([provider(), timedOut]);
    if (credentials.accessKeyId === "") throw new MissingCredentialsError("an empty access key id");
  } catch (error) {
    if (error instanceof MissingCredentialsError) throw error;
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new MissingCredentialsError(reason ?? "none found");
  } finally {
    clearTimeout(timer);
  }
}
