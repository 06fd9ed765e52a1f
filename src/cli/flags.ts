/**
 * Every command's flags, parsed in one place with `node:util` parseArgs (strict: an unknown flag
 * is an error that names it), with the help text each command prints for `--help`.
 */
import { parseArgs } from "node:util";
import { loopbackHosts } from "../local/allowed-hosts.js";
import { tokenLifetime } from "../local/services/token-request.js";
// The runtime's own modules, not its index: every command parses flags, and the index loads the
// whole runtime (the AWS SDK, Powertools) before the dev server can start DynamoDB Local.
import { defaultLocalPort, localHost, localOrigin } from "../runtime/http/local-twin.js";

/** The variable `portico dev` reads when `--record-events` is not given (local only: never deployed). */
export const recordEventsEnv = "PORTICO_RECORD_EVENTS";

type OptionSpec = { readonly type: "string" | "boolean"; readonly short?: string; readonly describe: string };

/** A positional argument; an optional one may be left out (only trailing ones can be). */
type PositionalSpec = { readonly name: string; readonly optional?: boolean };

export interface CommandSpec {
  readonly summary: string;
  readonly usage: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Positional arguments the command takes, in order. */
  readonly positionals?: readonly PositionalSpec[];
}

const dataDir: OptionSpec = { type: "string", describe: "the local data folder (default .portico)" };

/** Where `synth` writes each stage's cloud assembly, and where `deploy|diff|destroy` synthesize it. */
export const assemblyRoot = "cdk.out";

const stage: OptionSpec = {
  type: "string",
  describe: "the deployed stage (a key of deploy.stages; required)",
};

/** `deploy`, `diff` and `destroy` differ only in the CDK command they run. */
const cdkCommand = (
  summary: string,
  name: string,
  extra: string,
  options: Record<string, OptionSpec> = {},
) => ({
  summary,
  usage: `portico ${name} --stage <stage>${extra}   (synthesizes into ${assemblyRoot}/<stage>, then runs cdk ${name}; needs AWS credentials)`,
  options: { stage, ...options },
});

export const commands = {
  init: {
    summary: "make a new project in an empty folder: an app with one entity, its tests, a README",
    usage: "portico init <dir> [--name <app name>] [--portico <npm spec>]",
    options: {
      name: { type: "string", describe: "the app's name (default: the folder's name)" },
      portico: {
        type: "string",
        describe: "the project's portico dependency, as npm takes it (default: ^ this version)",
      },
    },
    positionals: [{ name: "dir" }],
  },
  dev: {
    summary: "serve the whole API offline (what `npm start` runs)",
    usage: `portico dev [--port ${defaultLocalPort}] [--in-memory] [--record-events <dir>] [--allowed-hosts <names>]`,
    options: {
      port: { type: "string", describe: `port on ${localHost} (default PORT, else ${defaultLocalPort})` },
      "allowed-hosts": {
        type: "string",
        describe:
          `Host names answered besides ${loopbackHosts.join(", ")}: comma-separated, '.example.test' ` +
          "for a name and its subdomains, 'true' for any (as Vite's server.allowedHosts)",
      },
      "in-memory": { type: "boolean", describe: "keep no data after stop" },
      "record-events": {
        type: "string",
        describe: `write each event and response as JSON into <dir> (or ${recordEventsEnv})`,
      },
      "no-watch": { type: "boolean", describe: "do not reload functions when files change" },
      "data-dir": dataDir,
    },
  },
  token: {
    summary: "print an access token from the local issuer",
    usage: "portico token --sub alice [--scope <scopes>] [--expires-in <seconds>] [--port <port>]",
    options: {
      sub: { type: "string", describe: "the token's subject (required)" },
      scope: { type: "string", describe: "space-separated scopes" },
      "expires-in": {
        type: "string",
        describe: `lifetime in seconds, 1 to ${tokenLifetime.maxSeconds} (default ${tokenLifetime.defaultSeconds})`,
      },
      port: {
        type: "string",
        describe: "mint for a dev server on this port (default: the running dev server's)",
      },
      "data-dir": dataDir,
    },
  },
  openapi: {
    summary: "write the OpenAPI 3.1 document of the app",
    usage: `portico openapi [--out openapi.json] [--server-url ${localOrigin()}/v1]`,
    options: {
      out: { type: "string", describe: "file to write (default openapi.json; - for stdout)" },
      "server-url": { type: "string", describe: "the server URL in the document" },
    },
  },
  client: {
    summary: "write the TypeScript types of the API for portico/client (needs openapi-typescript)",
    usage: "portico client [--out app/client/schema.ts]",
    options: {
      out: { type: "string", describe: "file to write (default app/client/schema.ts; - for stdout)" },
    },
  },
  invoke: {
    summary: "replay a recorded event against one route's function, in this process",
    usage: "portico invoke ['<route key>'] --event <file>   (the route defaults to the event's routeKey)",
    options: {
      event: { type: "string", describe: "a payload 2.0 event as JSON (e.g. from --record-events)" },
      "data-dir": dataDir,
    },
    positionals: [{ name: "route key", optional: true }],
  },
  synth: {
    summary: "synthesize each stage's CloudFormation stack and bundles, offline (no credentials)",
    usage: `portico synth [--stage <stage>] [--out ${assemblyRoot}]   (every stage unless --stage; into <out>/<stage>)`,
    options: {
      stage: { type: "string", describe: "only this stage (default: every stage in deploy.stages)" },
      out: { type: "string", describe: `the folder holding each stage's assembly (default ${assemblyRoot})` },
    },
  },
  deploy: cdkCommand(
    "deploy a stage's stack to AWS through the CDK's own CLI",
    "deploy",
    " [--require-approval broadening|any-change|never]",
    {
      "require-approval": {
        type: "string",
        describe:
          "when cdk stops for a human: broadening (default: a widened permission), any-change, or never (CI)",
      },
    },
  ),
  diff: cdkCommand("show what deploying a stage would change", "diff", ""),
  destroy: cdkCommand(
    "delete a stage's stack (a production stage keeps its table and bucket)",
    "destroy",
    " [--force]",
    {
      force: { type: "boolean", describe: "do not ask before deleting" },
    },
  ),
  logs: {
    summary: "print a deployed stage's function logs from CloudWatch, one readable line per entry",
    usage: "portico logs [function] --stage <stage> [--follow] [--request-id <id>] [--since 10m]",
    options: {
      stage,
      follow: { type: "boolean", describe: "keep printing new entries (polls every 2 s) until Ctrl-C" },
      "request-id": {
        type: "string",
        describe: "only the entries of this request (API Gateway's or Lambda's id)",
      },
      since: { type: "string", describe: "how far back to start: 30s, 10m, 2h, 1d (default 10m)" },
    },
    positionals: [{ name: "function", optional: true }],
  },
  "import-workbench": {
    summary: "write an app (entities, seed data, function entries) from a NoSQL Workbench data model",
    usage:
      "portico import-workbench <model.json> [--out app]   (lists what did not map in <out>/import-report.md)",
    options: {
      out: { type: "string", describe: "the app folder to write (default app; must hold no app yet)" },
    },
    positionals: [{ name: "model.json" }],
  },
} as const satisfies Readonly<Record<string, CommandSpec>>;

export type CommandName = keyof typeof commands;

export class UsageError extends Error {
  override readonly name = "UsageError";
}

/** `--port`, else `PORT`, else the dev server's default port. */
export function serverPort(flag: string | boolean | undefined): number {
  const raw = typeof flag === "string" ? flag : (process.env.PORT ?? String(defaultLocalPort));
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be a port number, got "${raw}".`);
  return port;
}

export interface ParsedCommand {
  readonly command: CommandName;
  readonly help: boolean;
  readonly values: Readonly<Record<string, string | boolean | undefined>>;
  readonly positionals: readonly string[];
}

export function isCommand(name: string | undefined): name is CommandName {
  return name !== undefined && Object.hasOwn(commands, name);
}

export function parseCommand(argv: readonly string[]): ParsedCommand {
  const [name, ...rest] = argv;
  if (!isCommand(name)) {
    throw new UsageError(name === undefined ? "No command given." : `Unknown command "${name}".`);
  }
  const spec: CommandSpec = commands[name];
  const options: Record<string, { type: "string" | "boolean"; short?: string }> = {
    help: { type: "boolean", short: "h" },
  };
  for (const [flag, option] of Object.entries(spec.options)) {
    options[flag] =
      option.short === undefined ? { type: option.type } : { type: option.type, short: option.short };
  }
  try {
    const { values, positionals } = parseArgs({
      args: [...rest],
      options,
      strict: true,
      allowPositionals: true,
    });
    const most = spec.positionals?.length ?? 0;
    const least = spec.positionals?.filter((positional) => positional.optional !== true).length ?? 0;
    if (values.help !== true && (positionals.length < least || positionals.length > most)) {
      const expected = least === most ? `${most}` : `${least} to ${most}`;
      throw new UsageError(`"${name}" takes ${expected} argument(s), got ${positionals.length}.`);
    }
    return { command: name, help: values.help === true, values, positionals };
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export function commandHelp(name: CommandName): string {
  const spec: CommandSpec = commands[name];
  const width = Math.max(...Object.keys(spec.options).map((flag) => flag.length), 4) + 4;
  const lines = Object.entries(spec.options).map(
    ([flag, option]) => `  --${flag.padEnd(width)}${option.describe}`,
  );
  return [
    `${spec.summary}\n`,
    `usage: ${spec.usage}\n`,
    ...lines,
    `  --${"help".padEnd(width)}show this help`,
  ].join("\n");
}

export function generalHelp(): string {
  const width = Math.max(...Object.keys(commands).map((name) => name.length)) + 2;
  const lines = Object.entries(commands).map(([name, spec]) => `  ${name.padEnd(width)}${spec.summary}`);
  return [
    "usage: portico <command> [options]\n",
    "commands:",
    ...lines,
    "\nportico <command> --help for its options",
  ].join("\n");
}
