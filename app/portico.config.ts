/** SwiftyPlanner: the example app Portico ships with (API.md is its contract). */
import { defineApp } from "portico/model";
import { todos } from "./entities/todos.js";
import { users } from "./entities/users.js";

export const app = defineApp({
  name: "swifty-planner",
  api: {
    stage: "v1",
    cors: {
      allowOrigins: ["http://localhost:*", "http://127.0.0.1:*"],
    },
    throttling: { rateLimit: 1000, burstLimit: 500 },
  },
  auth: {
    audience: ["swifty-planner"],
    adminScope: "planner/admin",
  },
  entities: [users, todos],
});

export default app;
