/**
 * The Java that DynamoDB Local runs on: found once (`$JAVA_HOME/bin/java`, else `java` on PATH),
 * its version checked, and — when it is missing or older than 17 — one line saying how to install
 * it. There is no other embedded DynamoDB: without Java, `npm start` and `npm test` stop here, at
 * once, rather than serve an API whose every write fails.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { PorticoError } from "../../../runtime/errors.js";

const execFileAsync = promisify(execFile);

/** The oldest Java feature release DynamoDB Local 1.25 runs on. */
export const MINIMUM_JAVA = 17;

export interface JavaInfo {
  /** The executable: `$JAVA_HOME/bin/java` when that exists, else `java` from PATH. */
  readonly command: string;
  /** The version string from `java -version`, e.g. `17.0.15`. */
  readonly version: string;
  /** The feature release, e.g. 17 (8 for `1.8.0_x`). */
  readonly major: number;
  /**
   * All `java -version` says (vendor, build, VM): what a class-data archive is made for, since one
   * written by another build of the same version is refused.
   */
  readonly runtime: string;
}

/** Java is missing, broken or too old for DynamoDB Local; the message is the one line to show. */
export class JavaRequiredError extends PorticoError {
  constructor(found: JavaInfo | undefined) {
    super(
      "local.java.required",
      `Portico needs Java ${MINIMUM_JAVA}+ for DynamoDB Local, found ${found === undefined ? "none" : `Java ${found.version}`}: ` +
        `install it (Debian/Ubuntu: sudo apt-get install openjdk-${MINIMUM_JAVA}-jre-headless; ` +
        `macOS: brew install openjdk@${MINIMUM_JAVA}; others: https://adoptium.net), or point JAVA_HOME at one.`,
    );
  }
}

/** Runs `java -version`; resolves undefined when Java is missing or broken. */
export async function detectJava(): Promise<JavaInfo | undefined> {
  const javaHome = process.env.JAVA_HOME;
  const fromHome = javaHome
    ? join(javaHome, "bin", process.platform === "win32" ? "java.exe" : "java")
    : undefined;
  const command = fromHome && existsSync(fromHome) ? fromHome : "java";
  try {
    // `java -version` prints to stderr.
    const { stdout, stderr } = await execFileAsync(command, ["-version"], {
      timeout: 15_000,
      encoding: "utf8",
    });
    const match = /version "([^"]+)"/.exec(`${stderr}\n${stdout}`);
    const version = match?.[1];
    if (version === undefined) return undefined;
    const parts = version.split(/[._-]/).map((part) => Number.parseInt(part, 10));
    const major = parts[0] === 1 ? (parts[1] ?? 0) : (parts[0] ?? 0);
    return { command, version, major, runtime: `${stderr}\n${stdout}`.trim() };
  } catch {
    return undefined;
  }
}

/** The Java to run DynamoDB Local with; throws {@link JavaRequiredError} when there is none fit for it. */
export async function requireJava(): Promise<JavaInfo> {
  const java = await detectJava();
  if (java === undefined || java.major < MINIMUM_JAVA) throw new JavaRequiredError(java);
  return java;
}
