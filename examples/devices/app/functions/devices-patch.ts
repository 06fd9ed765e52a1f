/** Lambda entry for `PATCH /devices/{deviceId}`. */
import { patchRoute } from "portico/runtime";
import { app } from "../portico.config.js";

export const handler = patchRoute(app, "PATCH /devices/{deviceId}");
