/** Lambda entry for `GET /counters/{counterId}`. */
import { getRoute } from "portico/runtime";
import { app } from "../portico.config.js";

export const handler = getRoute(app, "GET /counters/{counterId}");
