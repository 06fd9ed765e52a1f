/**
 * What the browser suite runs on: Debian's Chromium driven by playwright-core (one browser for the
 * file), the web client served by its own Vite dev server on a free 127.0.0.1 port and pointed at
 * the file's local stack, and the checks every main screen gets (an axe scan, a screenshot).
 */
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { createServer as createNetServer } from "node:net";
import { join } from "node:path";
import { crc32, deflateSync } from "node:zlib";
import AxeBuilder from "@axe-core/playwright";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { createServer, type ViteDevServer } from "vite";
import { expect } from "vitest";

/** Where Debian's `chromium` package puts the browser; CI installs it (`.ci/run`). */
export const chromiumPath = process.env.PORTICO_CHROMIUM ?? "/usr/bin/chromium";

const repository = join(import.meta.dirname, "../..");
export const screenshotsDir = join(repository, "test-results");

/** Launches Chromium headless; a machine without it fails here, saying how to install it. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `The browser suite needs Chromium at ${chromiumPath}: apt-get install -y chromium (or set PORTICO_CHROMIUM).`,
    );
  }
  return chromium.launch({
    executablePath: chromiumPath,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The web client's Vite dev server (web/vite.config.ts) on a free port, against `apiUrl`, with more
 * `VITE_*` settings in `env` (`VITE_AUTH_ISSUER`…).
 */
export async function startWeb(
  apiUrl: string,
  env: Readonly<Record<string, string>> = {},
): Promise<{ url: string; server: ViteDevServer }> {
  const port = await freePort();
  // Vite reads the VITE_* variables of the environment when it starts.
  const settings = { VITE_API_URL: apiUrl, ...env };
  Object.assign(process.env, settings);
  try {
    const server = await createServer({
      configFile: join(repository, "web/vite.config.ts"),
      logLevel: "error",
      server: { port, strictPort: true, hmr: false, watch: null },
    });
    await server.listen();
    return { url: `http://127.0.0.1:${port}`, server };
  } finally {
    for (const name of Object.keys(settings)) delete process.env[name];
  }
}

/** Saves a screenshot of the page under test-results/ (`name`.png). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(screenshotsDir, { recursive: true });
  await page.screenshot({ path: join(screenshotsDir, `${name}.png`), fullPage: true });
}

/** Scans the page with axe-core: no serious or critical violation (WCAG 2 A/AA and best practice). */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const severe = results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map(
      (violation) =>
        `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(" ")).join(", ")})`,
    );
  expect(severe, `axe on the ${screen} screen`).toEqual([]);
}

/**
 * Presses Tab (only the keyboard) until the focused element matches `selector`, failing after
 * `limit` presses; resolves the number of presses, so a test can say how far it was.
 */
export async function tabTo(page: Page, selector: string, limit = 40): Promise<number> {
  for (let presses = 1; presses <= limit; presses++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((wanted) => document.activeElement?.matches(wanted) ?? false, selector)) {
      return presses;
    }
  }
  throw new Error(`Tab never reached ${selector} in ${limit} presses`);
}

/** Whether the focused element shows a focus indicator (an outline). */
export function focusVisible(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const focused = document.activeElement;
    if (focused === null) return false;
    const style = getComputedStyle(focused);
    return style.outlineStyle !== "none" && Number.parseFloat(style.outlineWidth) > 0;
  });
}

/** An RGB PNG of `size`×`size` pixels, a diagonal gradient: an avatar a browser can decode. */
export function gradientPng(size = 96): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const frame = Buffer.alloc(8 + body.length);
    frame.writeUInt32BE(data.length, 0);
    body.copy(frame, 4);
    frame.writeUInt32BE(crc32(body), 4 + body.length);
    return frame;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.alloc(size * (1 + size * 3));
  for (let y = 0; y < size; y++) {
    const row = y * (1 + size * 3);
    for (let x = 0; x < size; x++) {
      const at = row + 1 + x * 3;
      rows[at] = 40 + Math.round((x / size) * 60);
      rows[at + 1] = 90 + Math.round((y / size) * 100);
      rows[at + 2] = 200 + Math.round(((x + y) / (2 * size)) * 55);
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/**
 * A fresh tab of its own (its own sessionStorage) at `url`, recording every request its
 * Content-Security-Policy blocks, for `policyViolations`.
 */
export async function openPage(
  browser: Browser,
  url: string,
  viewport = { width: 1280, height: 900 },
): Promise<Page> {
  const context: BrowserContext = await browser.newContext({ viewport });
  await context.addInitScript(() => {
    const blocked: string[] = [];
    Object.defineProperty(window, "policyViolations", { value: blocked });
    document.addEventListener("securitypolicyviolation", (event) => {
      blocked.push(`${event.effectiveDirective} ${event.blockedURI}`);
    });
  });
  const page = await context.newPage();
  await page.goto(url);
  return page;
}

/** What the page's Content-Security-Policy has blocked so far: `connect-src http://…` each. */
export function policyViolations(page: Page): Promise<string[]> {
  return page.evaluate(() => [...(window as unknown as { policyViolations: string[] }).policyViolations]);
}
