/**
 * The MQTT source against a real Mosquitto broker started here with infra/mosquitto/mosquitto.conf.template:
 * JSON mapping, Sparkplug B births/data/deaths and rebirth requests published by a plain `mqtt` client,
 * throughput of a QoS 1 burst (printed, not asserted: bench/ owns timings), and a broker restart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { connect as tcpConnect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectAsync, type MqttClient } from 'mqtt';
import { get as sparkplugCodec } from 'sparkplug-payload';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Reading } from '@vigie/plant-simulator';
import { freePort } from '@vigie/service-kit-testing';
import { createMqttSource, type MqttSource } from '../src/adapters/mqtt-source';
import { parseMqttSourceConfig } from '../src/sources/mqtt-config';
import { sleep, waitFor } from './support/wait';

const TEMPLATE = fileURLToPath(new URL('../../../infra/mosquitto/mosquitto.conf.template', import.meta.url));
const codec = sparkplugCodec('spBv1.0')!;

/** Mosquitto must be installed: a missing broker fails the suite with instructions, never skips it. */
function mosquittoBinary(): string {
  const candidates = [process.env.MOSQUITTO_BIN, ...(process.env.PATH ?? '').split(':').map((d) => path.join(d, 'mosquitto')), '/usr/sbin/mosquitto'];
  for (const c of candidates) {
    try {
      if (c) { accessSync(c, constants.X_OK); return c; }
    } catch { /* try the next one */ }
  }
  throw new Error('mosquitto is not installed: the MQTT integration tests need it (Debian: apt-get install -y mosquitto, then `systemctl disable --now mosquitto`; or set MOSQUITTO_BIN)');
}

const portOpen = (port: number) => new Promise<boolean>((resolve) => {
  const s = tcpConnect(port, '127.0.0.1', () => { s.destroy(); resolve(true); });
  s.on('error', () => resolve(false));
});

/** Starts Mosquitto on `port` with the repository's config template; resolves once it accepts connections. */
async function startBroker(port: number, dir: string): Promise<ChildProcess> {
  const conf = path.join(dir, `mosquitto-${port}.conf`);
  writeFileSync(conf, readFileSync(TEMPLATE, 'utf8').replaceAll('@PORT@', String(port)));
  const child = spawn(mosquittoBinary(), ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  const deadline = Date.now() + 10_000;
  while (!(await portOpen(port))) {
    if (child.exitCode !== null) throw new Error(`mosquitto exited (${child.exitCode}): ${stderr}`);
    if (Date.now() > deadline) throw new Error(`mosquitto not listening on ${port} after 10 s: ${stderr}`);
    await sleep(50);
  }
  return child;
}

async function killBroker(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

describe('MQTT source through Mosquitto', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'vigie-mqtt-'));
  let port = 0;
  let url = '';
  let broker: ChildProcess;
  let pub: MqttClient;
  const figures: Record<string, number> = {};

  let setupError: unknown = null;

  beforeAll(async () => {
    try {
      port = await freePort();
      url = `mqtt://127.0.0.1:${port}`;
      broker = await startBroker(port, dir);
      pub = await connectAsync(url, { clientId: 'vigie-it-publisher', reconnectPeriod: 200 });
    } catch (error) {
      setupError = error;
    }
  });
  // A failing beforeAll would only mark the tests skipped; rethrown here, every test fails with the reason.
  beforeEach(() => {
    if (setupError) throw setupError;
  });
  afterAll(async () => {
    await pub?.endAsync();
    if (broker) await killBroker(broker);
    if (Object.keys(figures).length > 0) console.info(`MQTT figures: ${JSON.stringify(figures)}`);
  });

  function source(raw: object, received: Reading[]): MqttSource {
    return createMqttSource({ config: parseMqttSourceConfig({ id: 'it', protocol: 'mqtt', url, ...raw }), onReadings: (b) => { received.push(...b); } });
  }

  const jsonConfig = {
    format: 'json',
    assets: [{ id: 'P-101', name: 'Pump', type: 'centrifugal-pump', sensors: [{ id: 'P-101.vibration', kind: 'vibration', unit: 'mm/s', min: 0, max: 25, samplingHz: 1 }] }],
    json: { subscriptions: [
      { topic: 'it/json/+/+', mapping: { assetId: '$topic[2]', sensorId: '{$topic[2]}.{$topic[3]}', value: '/v', ts: '/ts', quality: '/q' } },
      { topic: 'it/batch/#', mapping: { items: '/r', assetId: '/a', sensorId: '/s', value: '/v', ts: '/t', unit: '/u' } },
    ] },
  };

  it.each([4, 5])('maps JSON readings and counts bad messages without stopping (MQTT protocol level %i)', async (protocolVersion) => {
    const got: Reading[] = [];
    const src = source({ ...jsonConfig, protocolVersion }, got);
    await src.start();
    expect(src.catalog()[0]!.sensors[0]!.id).toBe('P-101.vibration');
    await pub.publishAsync('it/json/P-101/vibration', JSON.stringify({ v: 2.5, ts: 1_767_571_200_000 }), { qos: 1 });
    await pub.publishAsync('it/json/P-101/vibration', '{not json', { qos: 1 });
    await pub.publishAsync('it/json/P-101/vibration', JSON.stringify({ v: 'loud', ts: 1 }), { qos: 1 });
    await pub.publishAsync('it/json/P-101/temperature', JSON.stringify({ v: 61, ts: '2026-01-05T00:00:01Z', q: 'uncertain' }), { qos: 1 });
    await waitFor(() => got.length >= 2, 5000, 'JSON readings');
    await src.stop();
    expect(got).toEqual([
      { assetId: 'P-101', sensorId: 'P-101.vibration', ts: 1_767_571_200_000, value: 2.5, unit: 'mm/s', quality: 'good' },
      { assetId: 'P-101', sensorId: 'P-101.temperature', ts: 1_767_571_201_000, value: 61, unit: '', quality: 'uncertain' },
    ]);
    expect(src.stats()).toMatchObject({ messages: 4, readings: 2, problems: { BAD_JSON: 1, NOT_NUMERIC: 1 } });
  });

  it('decodes Sparkplug B births, alias-only data and deaths, and requests a rebirth on a seq gap', async () => {
    const got: Reading[] = [];
    const src = source({ format: 'sparkplugb', sparkplug: { groupId: 'it', rebirthIntervalMs: 0, deviceMap: [{ device: '', ignore: true }, { assetId: '{device}', sensorId: '{asset}.{metric}' }] } }, got);
    await src.start();
    const will = { topic: 'spBv1.0/it/NDEATH/edge-1', payload: Buffer.from(codec.encodePayload({ timestamp: Date.now(), metrics: [{ name: 'bdSeq', type: 'Int64', value: 0 }] })), qos: 1 as const, retain: false };
    const edge = await connectAsync(url, { clientId: 'it-edge-1', will, reconnectPeriod: 0 });
    const commands: { topic: string; metrics: { name?: string | null; value: unknown }[] }[] = [];
    edge.on('message', (topic, payload) => commands.push({ topic, metrics: codec.decodePayload(payload).metrics ?? [] }));
    await edge.subscribeAsync('spBv1.0/it/NCMD/edge-1', { qos: 0 });
    const send = (type: string, body: Parameters<typeof codec.encodePayload>[0], device = '') =>
      edge.publishAsync(`spBv1.0/it/${type}/edge-1${device ? `/${device}` : ''}`, Buffer.from(codec.encodePayload(body)), { qos: 1 });
    const T = 1_767_571_200_000;
    await send('NBIRTH', { timestamp: T, seq: 0, metrics: [{ name: 'bdSeq', type: 'Int64', value: 0 }, { name: 'Node Control/Rebirth', type: 'Boolean', value: false }] });
    await send('DBIRTH', { timestamp: T, seq: 1, metrics: [
      { name: 'vibration', alias: 10, type: 'Double', value: 2.25, properties: { engUnit: { type: 'String', value: 'mm/s' } } },
      { name: 'temperature', alias: 11, type: 'Float', value: 40.5, properties: { engUnit: { type: 'String', value: '°C' } } },
      { name: 'running', alias: 12, type: 'Boolean', value: true },
    ] }, 'P-101');
    // DATA as edge nodes send it: alias only, no name (the library's encoder cannot leave the datatype out).
    const data = (seq: number, alias: number, value: number | null, ts: number) => ({ timestamp: ts, seq, metrics: [{ alias, type: 'Double' as const, value, timestamp: ts }] });
    await send('DDATA', data(2, 10, 3.5, T + 1000), 'P-101');
    await send('DDATA', data(3, 10, null, T + 2000), 'P-101');
    await send('DDEATH', { timestamp: T + 3000, seq: 4, metrics: [] }, 'P-101');
    await send('DDATA', data(5, 10, 9.9, T + 4000), 'P-101');
    await waitFor(() => got.length >= 9, 5000, 'Sparkplug readings');
    expect(got.map((r) => [r.sensorId, r.ts, r.value, r.unit, r.quality])).toEqual([
      ['P-101.vibration', T, 2.25, 'mm/s', 'good'], ['P-101.temperature', T, 40.5, '°C', 'good'], ['P-101.running', T, 1, '', 'good'],
      ['P-101.vibration', T + 1000, 3.5, 'mm/s', 'good'],
      ['P-101.vibration', T + 2000, null, 'mm/s', 'bad'],
      ['P-101.vibration', T + 3000, null, 'mm/s', 'bad'], ['P-101.temperature', T + 3000, null, '°C', 'bad'], ['P-101.running', T + 3000, null, '', 'bad'],
      ['P-101.vibration', T + 4000, null, 'mm/s', 'bad'],
    ]);
    // DATA from a dead device means the node is out of step with us: it is asked to rebirth, and does.
    await waitFor(() => commands.length >= 1, 5000, 'rebirth request after DATA from a dead device');
    await send('NBIRTH', { timestamp: T, seq: 0, metrics: [{ name: 'bdSeq', type: 'Int64', value: 0 }] });
    await send('DBIRTH', { timestamp: T, seq: 1, metrics: [{ name: 'vibration', alias: 10, type: 'Double', value: 1 }] }, 'P-101');
    expect(commands[0]).toEqual({ topic: 'spBv1.0/it/NCMD/edge-1', metrics: [expect.objectContaining({ name: 'Node Control/Rebirth', value: true })] });
    const before = got.length;
    await send('DDATA', data(7, 10, 4, T + 5000), 'P-101'); // 2 skipped
    await waitFor(() => got.length > before && commands.length >= 2, 5000, 'reading and rebirth request after the gap');
    expect(got.at(-1)).toMatchObject({ value: 4, quality: 'uncertain' });
    expect(commands[1]!.topic).toBe('spBv1.0/it/NCMD/edge-1');
    expect(src.stats().problems).toMatchObject({ SEQ_GAP: 1, NO_BIRTH: 1 });
    // An ungraceful disconnect makes the broker publish the will: NDEATH with the matching bdSeq.
    const deaths = got.length;
    edge.stream.destroy();
    await waitFor(() => got.length > deaths, 5000, 'NDEATH readings');
    expect(got.slice(deaths)).toEqual([expect.objectContaining({ sensorId: 'P-101.vibration', value: null, quality: 'bad' })]);
    await edge.endAsync(true);
    await src.stop();
  });

  it('takes a QoS 1 burst through the broker without losing a message', async () => {
    const got: Reading[] = [];
    const src = source(jsonConfig, got);
    await src.start();
    const N = 20_000;
    let t0 = performance.now();
    await Promise.all(Array.from({ length: N }, (_, i) => pub.publishAsync('it/json/P-101/vibration', JSON.stringify({ v: i, ts: i }), { qos: 1 })));
    await waitFor(() => got.length >= N, 60_000, `${N} single-reading messages`);
    figures.json_messages_per_s = Math.round(N / ((performance.now() - t0) / 1000));
    expect(got.map((r) => r.ts)).toEqual(Array.from({ length: N }, (_, i) => i));

    const M = 2_000;
    const PER = 50;
    got.length = 0;
    t0 = performance.now();
    await Promise.all(Array.from({ length: M }, (_, m) => pub.publishAsync('it/batch/x', JSON.stringify({
      r: Array.from({ length: PER }, (_, k) => ({ a: 'P-101', s: `P-101.s${k}`, v: m + k / 100, t: m, u: 'bar' })),
    }), { qos: 1 })));
    await waitFor(() => got.length >= M * PER, 60_000, `${M} messages of ${PER} readings`);
    const s = (performance.now() - t0) / 1000;
    figures.json_batch_messages_per_s = Math.round(M / s);
    figures.json_batch_readings_per_s = Math.round((M * PER) / s);
    expect(got).toHaveLength(M * PER);
    expect(src.stats().problems).toEqual({});
    await src.stop();
  });

  it('takes a Sparkplug B DDATA burst (alias-only metrics) without a seq gap', async () => {
    const got: Reading[] = [];
    const src = source({ format: 'sparkplugb', sparkplug: { groupId: 'bench' } }, got);
    await src.start();
    const edge = await connectAsync(url, { clientId: 'it-edge-bench' });
    const M = 2_000;
    const PER = 50;
    const topic = (t: string) => `spBv1.0/bench/${t}/edge-b${t.startsWith('D') ? '/G-1' : ''}`;
    const metric = (k: number, value: number) => ({ name: `m${k}`, alias: k, type: 'Double' as const, value });
    await edge.publishAsync(topic('NBIRTH'), Buffer.from(codec.encodePayload({ timestamp: 0, seq: 0, metrics: [{ name: 'bdSeq', type: 'Int64', value: 0 }] })), { qos: 1 });
    await edge.publishAsync(topic('DBIRTH'), Buffer.from(codec.encodePayload({ timestamp: 0, seq: 1, metrics: Array.from({ length: PER }, (_, k) => metric(k, 0)) })), { qos: 1 });
    await waitFor(() => got.length >= PER, 5000, 'DBIRTH readings');
    got.length = 0;
    // Encoded before the clock starts: the figure is the broker and the source, not the test's encoder.
    const payloads = Array.from({ length: M }, (_, m) => Buffer.from(codec.encodePayload({
      timestamp: m + 1, seq: (m + 2) % 256, metrics: Array.from({ length: PER }, (_, k) => ({ alias: k, type: 'Double' as const, value: m + k / 100 })),
    })));
    const t0 = performance.now();
    await Promise.all(payloads.map((p) => edge.publishAsync(topic('DDATA'), p, { qos: 1 })));
    await waitFor(() => got.length >= M * PER, 60_000, `${M} DDATA of ${PER} metrics`);
    const s = (performance.now() - t0) / 1000;
    figures.sparkplug_messages_per_s = Math.round(M / s);
    figures.sparkplug_readings_per_s = Math.round((M * PER) / s);
    expect(got.every((r) => r.quality === 'good')).toBe(true);
    expect(got.at(-1)).toMatchObject({ sensorId: `G-1.m${PER - 1}`, ts: M, value: M - 1 + (PER - 1) / 100 });
    expect(src.stats().problems).toEqual({});
    await edge.endAsync();
    await src.stop();
  });

  it('resumes by itself within 10 s when the broker is killed and started again on the same port', async () => {
    const got: Reading[] = [];
    const states: string[] = [];
    const config = parseMqttSourceConfig({ id: 'it', protocol: 'mqtt', url, ...jsonConfig });
    const src = createMqttSource({ config, onReadings: (b) => { got.push(...b); }, onStatus: (st) => states.push(st.state) });
    await src.start();
    let i = 0;
    const ticker = setInterval(() => {
      if (pub.connected) pub.publish('it/json/P-101/vibration', JSON.stringify({ v: i++, ts: Date.now() }), { qos: 1 });
    }, 50);
    try {
      await waitFor(() => got.length >= 5, 5000, 'readings before the restart');
      await killBroker(broker);
      const killedAt = Date.now();
      await waitFor(() => src.state() === 'reconnecting', 5000, 'source noticing the broker is gone');
      await sleep(1000); // a real outage: the client's reconnect attempts fail for a while
      broker = await startBroker(port, dir);
      const restartedAt = Date.now();
      await waitFor(() => got.some((r) => r.ts > restartedAt), 10_000, 'readings after the restart');
      figures.resume_after_restart_ms = Date.now() - restartedAt;
      figures.outage_ms = Date.now() - killedAt;
      expect(src.state()).toBe('connected');
      expect(states).toEqual(expect.arrayContaining(['connected', 'reconnecting']));
      expect(states.at(-1)).toBe('connected');
    } finally {
      clearInterval(ticker);
      await src.stop();
    }
  });
});
