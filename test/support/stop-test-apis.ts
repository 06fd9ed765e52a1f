/** Setup file: whatever API a test file started is stopped after the file, so no server or worker outlives it. */
import { afterAll } from "vitest";
import { stopTestApis } from "./api.js";

afterAll(stopTestApis);
