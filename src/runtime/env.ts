/** Environment variables, read through one helper that fails loudly when a required one is missing. */

export class MissingEnvironmentVariableError extends Error {
  constructor(name: string, purpose: string) {
    super(`Environment variable ${name} is not set: it must hold ${purpose}.`);
    this.name = "MissingEnvironmentVariableError";
  }
}

/** Returns the variable's value; throws naming the variable and what it is for when it is unset or empty. */
export function requireEnv(name: string, purpose: string): string {
  const value = process.env[name];
  if (value === undefined || value === "") throw new MissingEnvironmentVariableError(name, purpose);
  return value;
}

/** The variables every Portico function reads (the stack and the local gateway both set them): named in the model. */
export { envNames } from "../model/describe/environment.js";
