import { describe, expect, it } from "vitest";
import { AllowedHostsError, createHostCheck } from "./allowed-hosts.js";

const withHost = (...values: string[]) => values.flatMap((value) => ["Host", value]);

describe("the Host check", () => {
  const check = createHostCheck();

  it.each([
    "127.0.0.1:3000",
    "localhost:3000",
    "[::1]:3000",
    "localhost",
    "127.0.0.1",
    "[::1]",
    // Names are case-insensitive (RFC 3986 §3.2.2).
    "LOCALHOST:3000",
    "LocalHost",
    // Another port: a front-end dev server's proxy keeps its own Host.
    "localhost:5173",
  ])("answers Host %s", (host) => {
    expect(check(withHost(host))).toBeUndefined();
  });

  it.each([
    "evil.example",
    "evil.example:3000",
    "127.0.0.1.evil.example:3000",
    "localhost.evil.example",
    "localhost:3000@evil.example",
    "evil.example@localhost:3000",
    "localhost:3000/evil",
    "localhost:abc",
    "localhost:",
    "localhost:99999",
    "localhost:3000, evil.example",
    "localhost :3000",
    "127.0.0.2:3000",
    "[::2]:3000",
    "[::1",
    "",
  ])("refuses Host %j, saying why", (host) => {
    expect(check(withHost(host))).toMatch(/^Host ".*" is not/);
  });

  it("refuses a request without Host, or with two", () => {
    expect(check([])).toBe("the request has no Host header");
    expect(check(withHost("localhost:3000", "evil.example"))).toBe("the request has 2 Host headers");
    expect(check(withHost("localhost:3000", "localhost:3000"))).toBe("the request has 2 Host headers");
  });

  it("reads a Host header whatever the case of its name", () => {
    expect(check(["HOST", "evil.example"])).toMatch(/not an allowed host/);
    expect(check(["host", "localhost"])).toBeUndefined();
  });
});

describe("allowedHosts, as Vite's server.allowedHosts", () => {
  it("adds names, exactly, and a leading dot allows the name and its subdomains", () => {
    const check = createHostCheck(["tunnel.example", ".Example.Test"]);
    for (const host of [
      "tunnel.example",
      "TUNNEL.example:443",
      "example.test",
      "app.example.test:8080",
      "a.b.example.test",
    ]) {
      expect(check(withHost(host)), host).toBeUndefined();
    }
    for (const host of [
      "sub.tunnel.example",
      "tunnel.example.evil",
      "evilexample.test",
      "example.test.evil",
    ]) {
      expect(check(withHost(host)), host).toMatch(/not an allowed host/);
    }
    expect(check(withHost("localhost:3000"))).toBeUndefined();
  });

  it("answers any Host, or none, when it is true", () => {
    const check = createHostCheck(true);
    expect(check(withHost("evil.example"))).toBeUndefined();
    expect(check([])).toBeUndefined();
  });

  it.each(["", "tunnel.example:443", "http://tunnel.example", "*.example.test", "a b", "..example"])(
    "refuses the entry %j with a code",
    (entry) => {
      expect(() => createHostCheck([entry])).toThrow(AllowedHostsError);
      expect(() => createHostCheck([entry])).toThrow(
        expect.objectContaining({ code: "local.devServer.allowedHosts" }),
      );
    },
  );
});
