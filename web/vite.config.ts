/**
 * The web client's dev server: http://127.0.0.1:5173 (strictPort, the origin the dev stage's Cognito
 * client calls back to), serving web/ against the API at VITE_API_URL (default the local twin's
 * http://127.0.0.1:3000/v1). `portico/client` resolves to its TypeScript sources, as in the tests.
 */
import { defaultClientConditions, defineConfig } from "vite";

export default defineConfig({
  root: import.meta.dirname,
  // app/client/schema.ts and src/client/ live beside web/, in the same repository.
  server: { host: "127.0.0.1", port: 5173, strictPort: true, fs: { allow: [`${import.meta.dirname}/..`] } },
  preview: { host: "127.0.0.1", port: 5173, strictPort: true },
  resolve: { conditions: ["portico-source", ...defaultClientConditions] },
  // Bundled up front, so the first page load never triggers a reload for a newly found dependency.
  optimizeDeps: { include: ["openapi-fetch"] },
  build: { outDir: "dist", emptyOutDir: true },
});
