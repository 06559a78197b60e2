/**
 * The publisher against a real Mosquitto broker (infra/mosquitto/mosquitto.conf.template): what a
 * subscriber sees in JSON and Sparkplug B modes, a rebirth on NCMD, and DDEATH/NDEATH on stop.
 * Decoding Sparkplug on the ingestion side is that service's test; this one checks the wire.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlant, decodeSparkplug, encodeSparkplug, REBIRTH_METRIC, startMqttPublisher } from '../src/index';
import { freePort, waitFor } from './helpers';

const TEMPLATE = fileURLToPath(new URL('../../../infra/mosquitto/mosquitto.conf.template', import.meta.url));
const START = Date.UTC(2026, 0, 5, 6, 0, 0);
let broker: ChildProcess;
let url: string;
let observer: MqttClient;
const seen: { topic: string; payload: Buffer }[] = [];

beforeAll(async () => {
  const port = await freePort();
  const conf = path.join(mkdtempSync(path.join(tmpdir(), 'vigie-mosquitto-')), 'mosquitto.conf');
  writeFileSync(conf, readFileSync(TEMPLATE, 'utf8').replaceAll('@PORT@', String(port)));
  broker = spawn(process.env.MOSQUITTO_BIN ?? 'mosquitto', ['-c', conf], { stdio: 'ignore' });
  url = `mqtt://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      observer = await connectAsync(url, { reconnectPeriod: 0 });
      break;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`mosquitto did not start on ${port} (is it installed? set MOSQUITTO_BIN): ${String(error)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await observer.subscribeAsync(['vigie/#', 'spBv1.0/#'], { qos: 1 });
  observer.on('message', (topic, payload) => seen.push({ topic, payload }));
});
afterAll(async () => {
  await observer?.endAsync();
  broker?.kill('SIGTERM');
});

describe('MQTT publisher', () => {
  it('publishes one JSON message per reading', async () => {
    seen.length = 0;
    const plant = createPlant({ seed: 2, startTime: START });
    const publisher = await startMqttPublisher(plant, { url, format: 'json', edgeNode: 'json-test', drive: false });
    const readings = plant.step(START + 60_000);
    await waitFor(() => seen.length >= readings.length, 5000, 'all JSON readings');
    await publisher.stop();
    expect(seen).toHaveLength(readings.length);
    const body = JSON.parse(seen.find((m) => m.topic === 'vigie/Lyon-Gerland/M-201/speed')!.payload.toString());
    expect(body).toMatchObject({ unit: 'rpm', quality: 'good', ts: START });
  });

  it('births, sends DDATA, rebirths on NCMD and dies cleanly in Sparkplug B', async () => {
    seen.length = 0;
    const plant = createPlant({ seed: 2, startTime: START });
    const devices = plant.catalog().length;
    const publisher = await startMqttPublisher(plant, { url, format: 'sparkplugb', groupId: 'G1', edgeNode: 'sim', drive: false });
    await waitFor(() => seen.filter((m) => m.topic.includes('/DBIRTH/')).length === devices, 5000, 'DBIRTH per asset');
    const nbirth = decodeSparkplug(seen.find((m) => m.topic === 'spBv1.0/G1/NBIRTH/sim')!.payload);
    expect(Number(nbirth.seq)).toBe(0);

    plant.step(START + 30_000);
    await waitFor(() => seen.filter((m) => m.topic.includes('/DDATA/')).length === devices, 5000, 'DDATA per asset');

    await observer.publishAsync('spBv1.0/G1/NCMD/sim', Buffer.from(encodeSparkplug({
      timestamp: START, metrics: [{ name: REBIRTH_METRIC, type: 'Boolean', value: true }],
    })));
    await waitFor(() => seen.filter((m) => m.topic === 'spBv1.0/G1/NBIRTH/sim').length === 2, 5000, 'rebirth');

    await publisher.stop();
    await waitFor(() => seen.some((m) => m.topic === 'spBv1.0/G1/NDEATH/sim'), 5000, 'NDEATH');
    expect(seen.filter((m) => m.topic.includes('/DDEATH/'))).toHaveLength(devices);
    const seqs = seen.filter((m) => !m.topic.includes('/NDEATH/')).map((m) => Number(decodeSparkplug(m.payload).seq));
    // After each NBIRTH (seq 0) every node/device message takes the next seq.
    const afterRebirth = seqs.slice(seqs.lastIndexOf(0));
    expect(afterRebirth).toEqual(afterRebirth.map((_, i) => i));
  });
});
