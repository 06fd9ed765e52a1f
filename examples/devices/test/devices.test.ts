/**
 * The device fleet's contract on the local stack, over real HTTP through the local gateway (its
 * functions loaded from `examples/devices/app`, tokens from the local issuer, files on the embedded
 * S3): operators register devices and list them by status, devices report readings that live 30 days
 * and send heartbeats, and the firmware is a zip operators upload and devices download.
 */
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, describe, expect, it } from "vitest";
import { itemKey } from "../../../src/runtime/index.js";
import { localDynamoDbClient } from "../../../test/support/api.js";
import { uploadWithTicket } from "../../../test/support/uploads.js";
import { useTestApi } from "../../../test/support/use-test-api.js";
import { devices } from "../app/entities/devices.js";
import { readings } from "../app/entities/readings.js";
import { app } from "../app/portico.config.js";

const appDir = new URL("../app", import.meta.url).pathname;
const admin = { as: "operator", scope: app.auth.adminScope };
const device = { as: "sensor-client" };

describe("the device fleet, through the local gateway", () => {
  const database = localDynamoDbClient();
  afterAll(() => database.destroy());
  const { api, expectFieldErrors, expectProblem } = useTestApi(app, { api: { target: "gateway", appDir } });

  const register = async (name: string) => {
    const reply = await api.call({
      method: "POST",
      path: "/devices",
      ...admin,
      body: { name, model: "TH-1" },
    });
    expect(reply.status).toBe(201);
    return reply.json.deviceId as string;
  };

  it("lets operators register a device keyed by its own id, and any device read it", async () => {
    const deviceId = await register("greenhouse-1");
    expect(deviceId).toMatch(/^[0-9a-f-]{36}$/);
    const read = await api.call({ method: "GET", path: `/devices/${deviceId}`, ...device });
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({
      deviceId,
      name: "greenhouse-1",
      status: "provisioned",
      firmware: null,
    });
    // Refused by the gateway's authorizer: the route needs the admin scope (API Gateway's own 403).
    expect(
      (await api.call({ method: "POST", path: "/devices", ...device, body: { name: "rogue", model: "X" } }))
        .status,
    ).toBe(403);
  });

  it("lists devices by status from an index, newest first, and refuses a status there is not", async () => {
    const [a, b, c] = [await register("a"), await register("b"), await register("c")];
    for (const id of [a, c]) {
      const patched = await api.call({
        method: "PATCH",
        path: `/devices/${id}`,
        ...admin,
        headers: { "content-type": "application/merge-patch+json" },
        body: { status: "active" },
      });
      expect(patched.status).toBe(200);
    }
    const active = await api.call({ method: "GET", path: "/devices?status=active&limit=100", ...admin });
    expect(active.status).toBe(200);
    expect(active.json.items.map((item: { deviceId: string }) => item.deviceId)).toEqual([c, a]);
    const all = await api.call({ method: "GET", path: "/devices?limit=100", ...admin });
    const order = all.json.items.map((item: { deviceId: string }) => item.deviceId);
    expect(order.indexOf(c)).toBeLessThan(order.indexOf(b));
    expect(order.indexOf(b)).toBeLessThan(order.indexOf(a));
    expectFieldErrors(await api.call({ method: "GET", path: "/devices?status=broken", ...admin }), [
      "status",
    ]);
  });

  it("takes readings newest first, pages them, filters by battery, and stores each with a 30-day TTL", async () => {
    const deviceId = await register("cellar");
    const made: string[] = [];
    for (const [temperatureC, batteryPercent] of [
      [11.5, 90],
      [12, 80],
      [12.5, 80],
    ] as const) {
      const reply = await api.call({
        method: "POST",
        path: `/devices/${deviceId}/readings`,
        ...device,
        body: { temperatureC, batteryPercent, measuredAt: "2026-12-02T10:00:00Z" },
      });
      expect(reply.status).toBe(201);
      made.push(reply.json.readingId);
    }
    const first = await api.call({ method: "GET", path: `/devices/${deviceId}/readings?limit=2`, ...device });
    const rest = await api.call({
      method: "GET",
      path: `/devices/${deviceId}/readings?limit=2&cursor=${first.json.nextCursor}`,
      ...device,
    });
    expect(
      [...first.json.items, ...rest.json.items].map((item: { readingId: string }) => item.readingId),
    ).toEqual([...made].reverse());
    expect(rest.json.nextCursor).toBeNull();
    const low = await api.call({
      method: "GET",
      path: `/devices/${deviceId}/readings?batteryPercent=80`,
      ...device,
    });
    expect(low.json.items.map((item: { readingId: string }) => item.readingId)).toEqual([made[2], made[1]]);
    expectFieldErrors(
      await api.call({ method: "GET", path: `/devices/${deviceId}/readings?batteryPercent=lots`, ...device }),
      ["batteryPercent"],
    );

    const stored = await DynamoDBDocumentClient.from(database).send(
      new GetCommand({
        TableName: api.tableName,
        Key: itemKey(readings, { deviceId, readingId: made[0] as string }),
      }),
    );
    const createdAt = Date.parse(stored.Item?.createdAt as string) / 1000;
    expect(stored.Item?.expiresAt).toBe(Math.floor(createdAt) + 30 * 86_400);
    expect(first.json.items[0]).not.toHaveProperty("expiresAt");
  });

  it("answers a heartbeat through the custom route, and 404 for a device that is not registered", async () => {
    const deviceId = await register("attic");
    const beat = await api.call({
      method: "POST",
      path: `/devices/${deviceId}/heartbeat`,
      ...device,
      body: { firmwareVersion: "1.4.2" },
    });
    expect(beat.status).toBe(200);
    const read = await api.call({ method: "GET", path: `/devices/${deviceId}`, ...device });
    expect(read.json).toMatchObject({
      firmwareVersion: "1.4.2",
      lastSeenAt: beat.json.lastSeenAt,
      version: 2,
    });
    expectFieldErrors(
      await api.call({
        method: "POST",
        path: `/devices/${deviceId}/heartbeat`,
        ...device,
        body: { firmwareVersion: "new" },
      }),
      ["firmwareVersion"],
    );
    expectProblem(
      await api.call({
        method: "POST",
        path: "/devices/0190a1b2-0000-7000-8000-000000000000/heartbeat",
        ...device,
        body: { firmwareVersion: "1.0.0" },
      }),
      404,
    );
  });

  it("has operators upload the firmware zip straight to S3, and devices download it", async () => {
    const deviceId = await register("gate");
    // Only operators upload: the gateway's authorizer refuses the route without the admin scope.
    const refused = await api.call({
      method: "POST",
      path: `/devices/${deviceId}/firmware`,
      ...device,
      body: { contentType: "application/zip" },
    });
    expect(refused.status).toBe(403);
    const ticket = await api.call({
      method: "POST",
      path: `/devices/${deviceId}/firmware`,
      ...admin,
      body: { contentType: "application/zip" },
    });
    expect(ticket.status).toBe(200);
    const zip = Buffer.concat([Buffer.from("PK\x03\x04", "latin1"), Buffer.alloc(64, 1)]);
    expect((await uploadWithTicket(ticket.json, zip)).status).toBe(204);
    let firmware: unknown = null;
    for (let attempt = 0; attempt < 100 && firmware === null; attempt++) {
      const read = await api.call({ method: "GET", path: `/devices/${deviceId}`, ...device });
      firmware = read.json.firmware;
      if (firmware === null) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(firmware).toMatchObject({ contentType: "application/zip", size: zip.length });
    const download = await api.call({ method: "GET", path: `/devices/${deviceId}/firmware`, ...device });
    expect(download.status).toBe(302);
    const object = await fetch(download.headers.location as string);
    expect(Buffer.from(await object.arrayBuffer())).toEqual(zip);
  });

  it("deletes a device with its readings", async () => {
    const deviceId = await register("shed");
    await api.call({
      method: "POST",
      path: `/devices/${deviceId}/readings`,
      ...device,
      body: { temperatureC: 3, batteryPercent: 50, measuredAt: "2026-12-02T10:00:00Z" },
    });
    expect((await api.call({ method: "DELETE", path: `/devices/${deviceId}`, ...admin })).status).toBe(204);
    expectProblem(await api.call({ method: "GET", path: `/devices/${deviceId}`, ...device }), 404);
    const left = await api.call({ method: "GET", path: `/devices/${deviceId}/readings`, ...device });
    expect(left.json.items).toEqual([]);
    expect(devices.listing).toBe("global");
  });
});
