/**
 * The `portico` CLI: `main(argv)` returns an exit code; only `bin/portico.js` exits the process.
 */

import { unsupportedNodeMessage } from "../local/node-version.js";
import { CliRefusal } from "./errors.js";
import { commandHelp, generalHelp, parseCommand, UsageError } from "./flags.js";
import { type Io, processIo } from "./io.js";

function interrupted(): Promise<void> {
  return new Promise((resolve) => {
    process.once("SIGINT", () => resolve());
    process.once("SIGTERM", () => resolve());
  });
}

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const unsupported = unsupportedNodeMessage();
  if (unsupported !== undefined) {
    io.err(`portico: ${unsupported}`);
    return 1;
  }
  if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
    io.out(generalHelp());
    return argv.length === 0 ? 1 : 0;
  }
  try {
    const parsed = parseCommand(argv);
    if (parsed.help) {
      io.out(commandHelp(parsed.command));
      return 0;
    }
    switch (parsed.command) {
      // Each command loads only what it needs, so `token` and `openapi` start without the dev
      // server's services (s3rver, the gateway, the SDK clients). `invoke` imports the function's
      // own module itself, after setting its environment: `route()` makes its store as that loads.
      case "init":
        return await (await import("./commands/init.js")).initCommand(parsed, io);
      case "dev":
        return await (await import("./commands/dev.js")).devCommand(parsed, io, interrupted());
      case "token":
        return await (await import("./commands/token.js")).tokenCommand(parsed, io);
      case "openapi":
        return await (await import("./commands/openapi.js")).openapiCommand(parsed, io);
      case "client":
        return await (await import("./commands/client.js")).clientCommand(parsed, io);
      case "invoke":
        return await (await import("./commands/invoke.js")).invokeCommand(parsed, io);
      case "import-workbench":
        return await (await import("./commands/import-workbench.js")).importWorkbenchCommand(parsed, io);
      // The stack (the whole CDK) loads only once synth runs: deploy's credential check answers first.
      case "synth":
        return await (await import("./commands/synth.js")).synthCommand(parsed, io);
      case "deploy":
      case "diff":
      case "destroy":
        return await (await import("./commands/deploy.js")).cdkStageCommand(parsed.command, parsed, io);
      case "logs":
        return await (await import("./commands/logs.js")).logsCommand(parsed, io, interrupted());
    }
  } catch (error) {
    if (error instanceof CliRefusal) {
      io.err(`portico: ${error.message}`);
      return error.exitCode;
    }
    if (error instanceof UsageError) {
      io.err(`portico: ${error.message}\n\n${generalHelp()}`);
      return 2;
    }
    io.err(`portico: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
