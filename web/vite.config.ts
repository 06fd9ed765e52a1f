/**
 * The web client's dev server: http://127.0.0.1:5173 (strictPort, the origin the dev stage's Cognito
 * client calls back to), serving web/ against the API at VITE_API_URL (default the local twin's
 * http://127.0.0.1:3000/v1). `portico/client` resolves to its TypeScript sources, as in the tests.
 *
 * The server reads only what the page needs: web/ itself, the typed client's sources and its
 * dependencies. Never the rest of the repository: `.portico/` holds the local issuer's signing key
 * and the twin's data, and a page on another localhost port must not read them. It answers no
 * CORS. And it passes `POST /_local/token` on to the API's origin, so the page signs in with the
 * local issuer as a same-origin request, while the issuer itself answers no page of another origin.
 * The page carries its Content-Security-Policy (./content-security-policy.ts) for the API and issuer
 * it is pointed at.
 */
import { defaultClientConditions, defineConfig, loadEnv, type Plugin } from "vite";
import { defaultDataDir } from "../src/local/dev/local-state.js";
import { localTokenPath } from "../src/runtime/http/local-twin.js";
import { contentSecurityPolicy, type PolicyTargets } from "./content-security-policy.js";
import { defaultApiUrl } from "./src/config.js";

const web = import.meta.dirname;
const repository = `${web}/..`;
// The typed client's sources, and the local twin's address the client's settings read.
const served = ["web", "src/client", "src/runtime/http/local-twin.ts", "app/client", "node_modules"].map(
  (path) => `${repository}/${path}`,
);

/** Puts the policy first in the page's <head>, before any script. */
function securityPolicy(targets: PolicyTargets): Plugin {
  const content = contentSecurityPolicy(targets);
  return {
    name: "portico-content-security-policy",
    transformIndexHtml: () => [
      { tag: "meta", attrs: { "http-equiv": "Content-Security-Policy", content }, injectTo: "head-prepend" },
    ],
  };
}

export default defineConfig(({ mode }) => {
  const env = loadEnv(mode, web, "VITE_");
  const apiUrl = env.VITE_API_URL || defaultApiUrl;
  const api = new URL(apiUrl);
  const local = {
    host: "127.0.0.1",
    port: 5173,
    strictPort: true,
    cors: false,
    proxy: { [localTokenPath]: { target: api.origin, changeOrigin: true } },
  } as const;
  return {
    root: web,
    plugins: [securityPolicy({ apiUrl, issuer: env.VITE_AUTH_ISSUER || undefined })],
    server: {
      ...local,
      fs: {
        strict: true,
        allow: served,
        deny: [".env", ".env.*", "*.{crt,pem,key}", `**/${defaultDataDir}/**`, "**/.git/**"],
      },
    },
    preview: local,
    resolve: { conditions: ["portico-source", ...defaultClientConditions] },
    // Bundled up front, so the first page load never triggers a reload for a newly found dependency.
    optimizeDeps: { include: ["openapi-fetch"] },
    build: { outDir: "dist", emptyOutDir: true },
  };
});
