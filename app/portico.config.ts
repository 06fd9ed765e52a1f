/** SwiftyPlanner: the example app Portico ships with (API.md is its contract). */
import { defineApp } from "portico/model";
import { todos } from "./entities/todos.js";
import { users } from "./entities/users.js";

export const app = defineApp({
  name: "swifty-planner",
  api: {
    stage: "v1",
    cors: {
      // The deployed web client's origin; the local twin answers http://localhost:* and
      // http://127.0.0.1:* (`localOrigins`), which AWS would refuse.
      allowOrigins: ["https://planner.example.com"],
    },
    throttling: { rateLimit: 1000, burstLimit: 500 },
  },
  auth: {
    audience: ["swifty-planner"],
    adminScope: "planner/admin",
  },
  entities: [users, todos],
  deploy: {
    stages: {
      // A throwaway stage: the web client runs on the developer's machine against it.
      dev: { allowOrigins: ["http://localhost:5173"] },
      // Keeps its data (retained table and bucket, deletion protection). Add a custom domain with
      // `domain: { name: "api.planner.example.com", certificateArn: "arn:aws:acm:…" }`.
      prod: { production: true },
    },
  },
});

export default app;
