/** Lambda entry for `GET /devices/{deviceId}/firmware`. */
import { downloadRoute } from "portico/runtime";
import { app } from "../portico.config.js";

export const handler = downloadRoute(app, "GET /devices/{deviceId}/firmware");
