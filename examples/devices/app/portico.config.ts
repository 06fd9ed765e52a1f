/** Device fleet: the second example app, IoT devices that register, report readings and fetch firmware. */
import { defineApp } from "portico/model";
import { devices } from "./entities/devices.js";
import { readings } from "./entities/readings.js";
import { heartbeat } from "./routes/heartbeat.js";

export const app = defineApp({
  name: "device-fleet",
  api: {
    stage: "v1",
    cors: { allowOrigins: ["https://fleet.example.com"] },
    throttling: { rateLimit: 2000, burstLimit: 1000 },
  },
  auth: {
    audience: ["device-fleet"],
    adminScope: "fleet/admin",
  },
  entities: [devices, readings],
  routes: [heartbeat],
  deploy: {
    stages: {
      dev: {},
      prod: { production: true },
    },
  },
});

export default app;
