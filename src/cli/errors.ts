/**
 * What a command refuses with one line and its own exit code, as types: 2 when the command line
 * names something the app does not have (or a folder that holds an app already), 1 when the machine
 * lacks something the command needs or a file it was given cannot be used.
 */
import { PorticoError } from "../runtime/errors.js";

export abstract class CliRefusal extends PorticoError {
  abstract readonly exitCode: 1 | 2;
}

/** `--stage` names no key of the app's `deploy.stages`. */
export class StageFlagError extends CliRefusal {
  static readonly code = "cli.unknown_stage";
  declare readonly code: typeof StageFlagError.code;
  readonly exitCode = 2;
  /** `known` is the model's `knownStages` listing. */
  constructor(stage: string | undefined, known: string) {
    super(
      StageFlagError.code,
      `${stage === undefined ? "--stage is required" : `No stage "${stage}"`}; ${known}.`,
    );
  }
}

/** `portico logs <function>` names no function of the app. */
export class FunctionNameError extends CliRefusal {
  static readonly code = "cli.unknown_function";
  declare readonly code: typeof FunctionNameError.code;
  readonly exitCode = 2;
  constructor(name: string, known: readonly string[]) {
    super(FunctionNameError.code, `No function "${name}"; functions: ${known.join(", ")}.`);
  }
}

/** The SDK's default provider chain found no credentials (or none in time). */
export class MissingCredentialsError extends CliRefusal {
  static readonly code = "cli.missing_credentials";
  declare readonly code: typeof MissingCredentialsError.code;
  readonly exitCode = 1;
  constructor(reason: string) {
    super(
      MissingCredentialsError.code,
      `No AWS credentials (${reason}): set AWS_PROFILE (after \`aws configure sso\` and \`aws sso login\`) ` +
        "or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, and the region with AWS_REGION or the stage's " +
        "region in deploy.stages.",
    );
  }
}

/** `--require-approval` names no level `cdk deploy` knows. */
export class ApprovalFlagError extends CliRefusal {
  static readonly code = "cli.unknown_approval";
  declare readonly code: typeof ApprovalFlagError.code;
  readonly exitCode = 2;
  constructor(value: string, known: readonly string[]) {
    super(
      ApprovalFlagError.code,
      `--require-approval takes ${known.join(", ")}; got ${JSON.stringify(value)}.`,
    );
  }
}

/** A model file that cannot be read, is not JSON, or is not a Workbench export. */
export class WorkbenchFileError extends CliRefusal {
  static readonly code = "cli.invalid_workbench_model";
  declare readonly code: typeof WorkbenchFileError.code;
  readonly exitCode = 1;
  constructor(file: string, problem: string, options?: { cause?: unknown }) {
    super(WorkbenchFileError.code, `${file} is not a NoSQL Workbench data model: ${problem}`, options);
  }
}

/** `--out` holds an app already: an import never overwrites one. */
export class ExistingAppError extends CliRefusal {
  static readonly code = "cli.existing_app";
  declare readonly code: typeof ExistingAppError.code;
  readonly exitCode = 2;
  constructor(dir: string) {
    super(
      ExistingAppError.code,
      `${dir} holds an app already (portico.config.ts): name an empty folder with --out, or move that app away.`,
    );
  }
}
