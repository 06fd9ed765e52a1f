/** Loads the project's app definition (`app/portico.config.ts`) the way a project using Portico has it. */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { App } from "../model/index.js";

export const appConfigPath = "app/portico.config.ts";

export async function loadApp(cwd: string = process.cwd()): Promise<App> {
  const file = resolve(cwd, appConfigPath);
  const module = (await import(pathToFileURL(file).href)) as { app?: App; default?: App };
  const app = module.app ?? module.default;
  if (app === undefined) throw new Error(`${file} must export the app (export const app = defineApp(…)).`);
  return app;
}
