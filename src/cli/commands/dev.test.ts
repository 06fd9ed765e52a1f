import { describe, expect, it } from "vitest";
import { UsageError } from "../flags.js";
import { allowedHostsFlag } from "./dev.js";

describe("portico dev --allowed-hosts", () => {
  it("answers only the loopback names when the flag is absent", () => {
    expect(allowedHostsFlag(undefined)).toBeUndefined();
  });

  it("takes comma-separated names, a leading dot for a name and its subdomains", () => {
    expect(allowedHostsFlag("tunnel.example, .example.test,")).toEqual(["tunnel.example", ".example.test"]);
  });

  it("takes true for any Host, as Vite's server.allowedHosts does", () => {
    expect(allowedHostsFlag("true")).toBe(true);
  });

  it("refuses a name with a scheme or a port as a usage error, before anything starts", () => {
    expect(() => allowedHostsFlag("http://tunnel.example")).toThrow(UsageError);
    expect(() => allowedHostsFlag("tunnel.example:8080")).toThrow(/--allowed-hosts/);
  });
});
