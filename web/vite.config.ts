/**
 * The web client's dev server: http://127.0.0.1:5173 (strictPort, the origin the dev stage's Cognito
 * client calls back to), serving web/ against the API at VITE_API_URL (default the local twin's
 * http://127.0.0.1:3000/v1). `portico/client` resolves to its TypeScript sources, as in the tests.
 *
 * The server reads only what the page needs: web/ itself, the typed client's sources and its
 * dependencies. Never the rest of the repository: `.portico/` holds the local issuer's signing key
 * and the twin's data, and a page on another localhost port must not read them.
 */
import { defaultClientConditions, defineConfig } from "vite";
import { defaultDataDir } from "../src/local/dev/local-state.js";

const repository = `${import.meta.dirname}/..`;
const served = ["web", "src/client", "app/client", "node_modules"].map((path) => `${repository}/${path}`);
const local = { host: "127.0.0.1", port: 5173, strictPort: true, cors: false } as const;

export default defineConfig({
  root: import.meta.dirname,
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
});
