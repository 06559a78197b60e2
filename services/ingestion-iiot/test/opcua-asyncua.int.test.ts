/**
 * Interop with a peer no one here wrote: asyncua, the Python OPC UA stack.
 *   (a) our source reads an asyncua server by explicit node list, values and qualities checked;
 *   (b) an asyncua client browses and reads our simulator's server, checked against the catalog.
 * Needs python3 with asyncua (`pip install asyncua==2.1.0`): fails, never skips, without it.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPlant, startOpcUaServer, type Quality, type Reading, type RunningOpcUaServer } from '@vigie/plant-simulator';
import { eventually, freePort } from '@vigie/service-kit-testing';
import { createOpcUaSource, type AcquisitionMode, type NodeMapping } from '../src/adapters/opcua-source';

const execFileAsync = promisify(execFile);
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const tmp = mkdtempSync(path.join(tmpdir(), 'vigie-opcua-asyncua-'));
process.env.XDG_CONFIG_HOME = tmp; // node-opcua must not write under ~/.config
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

// The interpreter the test command installed the peers into (infra/python/requirements-test.txt).
const PYTHON = process.env.VIGIE_PYTHON ?? 'python3';
const probe = spawnSync(PYTHON, ['-c', 'import asyncua'], { encoding: 'utf8' });
const missingAsyncua = probe.error || probe.status !== 0
  ? `${PYTHON} with asyncua is required (pip install asyncua==2.1.0): ${probe.error?.message ?? probe.stderr.trim()}`
  : null;
/** Called first in every test, so each one fails with this message (a failing beforeAll would report them skipped). */
function requireAsyncua(): void {
  if (missingAsyncua) throw new Error(missingAsyncua);
}

const PEER_PASSWORD = 'peer-password-17';

interface Written { node: string; ts: number; value: number | boolean | null; status: string }
const qualityOfName = (status: string): Quality => (status.startsWith('Good') ? 'good' : status.startsWith('Uncertain') ? 'uncertain' : 'bad');

interface Peer { child: ChildProcess; endpoint: string; ns: number; written: Map<string, Written>; died: Promise<never> }

/** Starts the asyncua server fixture and collects what it writes; `died` rejects if it exits. */
async function startPeerServer(port: number, args: string[] = []): Promise<Peer> {
  const child = spawn(PYTHON, [path.join(FIXTURES, 'asyncua_server.py'), '--port', String(port), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, VIGIE_PEER_PASSWORD: PEER_PASSWORD },
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr += d.toString(); });
  const died = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`asyncua_server.py exited with ${code}: ${stderr}`))));
  died.catch(() => undefined); // observed by the tests through Promise.race
  const written = new Map<string, Written>();
  const ready = new Promise<{ endpoint: string; ns: number }>((resolve) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /^READY (\S+) ns=(\d+)/.exec(line);
      if (m) return resolve({ endpoint: m[1]!, ns: Number(m[2]) });
      if (!line.startsWith('{')) return;
      const w = JSON.parse(line) as Written;
      written.set(`${w.node}@${w.ts}`, w);
    });
  });
  const { endpoint, ns } = await Promise.race([ready, died]);
  return { child, endpoint, ns, written, died };
}

/** Every reading is a sample the peer wrote, with the same value (booleans as 0/1) and quality. */
function expectWrittenBy(peer: Peer, received: Reading[]): void {
  const nodeOf = new Map(mapping(peer.ns).map((m) => [m.sensorId, m.nodeId.replace(/^ns=\d+;s=/, '')]));
  for (const r of received) {
    const w = peer.written.get(`${nodeOf.get(r.sensorId)}@${r.ts}`);
    expect(w, `${r.sensorId}@${r.ts}`).toBeDefined();
    const value = typeof w!.value === 'boolean' ? Number(w!.value) : w!.value;
    expect([r.value, r.quality]).toEqual([value, qualityOfName(w!.status)]);
  }
}

const mapping = (ns: number): NodeMapping[] => [
  { nodeId: `ns=${ns};s=Line1.Pump.Temperature`, assetId: 'pump', sensorId: 'pump.temperature', unit: '°C', kind: 'temperature' },
  { nodeId: `ns=${ns};s=Line1.Pump.Vibration`, assetId: 'pump', sensorId: 'pump.vibration', unit: 'mm/s', kind: 'vibration' },
  { nodeId: `ns=${ns};s=Line1.Pump.Running`, assetId: 'pump', sensorId: 'pump.running', unit: '', kind: 'speed' },
  { nodeId: `ns=${ns};s=Line1.Fan.Speed`, assetId: 'fan', sensorId: 'fan.speed', unit: 'rpm', kind: 'speed' },
];

describe('our OPC UA source reads an asyncua (Python) server', () => {
  let peer: Peer;

  beforeAll(async () => {
    if (missingAsyncua) return;
    peer = await startPeerServer(await freePort());
  });
  afterAll(() => { peer?.child.kill(); });

  it.each(['subscribe', 'poll'] as AcquisitionMode[])('%s: receives the values and qualities the peer wrote', async (mode) => {
    requireAsyncua();
    const received: Reading[] = [];
    const source = createOpcUaSource({
      endpointUrl: peer.endpoint, onReadings: (b) => { received.push(...b); }, logger: quiet,
      pkiDir: path.join(tmp, 'client'), mode, pollIntervalMs: 50, nodes: mapping(peer.ns),
    });
    await Promise.race([source.start(), peer.died]);
    try {
      await eventually(() => received.some((r) => r.quality === 'bad') && received.some((r) => r.quality === 'uncertain') && received.length > 80, 15_000);
    } finally {
      await source.stop();
    }
    expect(source.status()).toMatchObject({ mode, failedNodes: [] });
    expectWrittenBy(peer, received);
    expect(new Set(received.map((r) => r.sensorId)).size).toBe(4);
    expect(received.some((r) => r.sensorId === 'pump.vibration' && r.quality === 'bad' && r.value === null)).toBe(true);
    const perSensor = mapping(peer.ns).map((m) => received.filter((r) => r.sensorId === m.sensorId).length);
    console.info(`asyncua peer, ${mode}: ${received.length} readings, per sensor ${perSensor.join('/')}`);
  });

  it('reads a peer that only offers SignAndEncrypt with username/password, and reports a wrong password', async () => {
    requireAsyncua();
    const secure = await startPeerServer(await freePort(), ['--secure', tmp]);
    try {
      const options = { endpointUrl: secure.endpoint, logger: quiet, pkiDir: path.join(tmp, 'client'), nodes: mapping(secure.ns), securityMode: 'SignAndEncrypt' as const };
      const wrong = createOpcUaSource({ ...options, onReadings: () => undefined, user: { username: 'operator', password: 'nope' } });
      await expect(Promise.race([wrong.start(), secure.died])).rejects.toMatchObject({ reason: 'authentication' });
      const received: Reading[] = [];
      const source = createOpcUaSource({ ...options, onReadings: (b) => { received.push(...b); }, user: { username: 'operator', password: PEER_PASSWORD } });
      await Promise.race([source.start(), secure.died]);
      await eventually(() => received.length > 20, 10_000).finally(() => source.stop());
      expectWrittenBy(secure, received);
      expect(source.status()).toMatchObject({ securityMode: 'SignAndEncrypt', failedNodes: [] });
    } finally {
      secure.child.kill();
    }
  });
});

describe('an asyncua (Python) client reads our simulator', () => {
  let server: RunningOpcUaServer;
  const plant = createPlant({ seed: 5, accel: 600 });
  const PASSWORD = 'interop-password-42';

  beforeAll(async () => {
    if (missingAsyncua) return;
    server = await startOpcUaServer(plant, {
      port: await freePort(), pkiDir: path.join(tmp, 'server'),
      securityModes: ['None', 'SignAndEncrypt'], users: [{ username: 'operator', password: PASSWORD }], allowAnonymous: true,
    });
  });
  afterAll(async () => server?.stop());

  // Asynchronous on purpose: the server under test runs in this process and must keep answering.
  const runClient = async (args: string[]) => {
    const { stdout } = await execFileAsync(PYTHON, [path.join(FIXTURES, 'asyncua_client.py'), server.endpointUrl, ...args], {
      timeout: 60_000, env: { ...process.env, VIGIE_TEST_OPCUA_PASSWORD: PASSWORD },
    });
    return JSON.parse(stdout) as {
      assets: { id: string; Name: string; AssetType: string; Site: string; Area: string; Line: string; Latitude: number; Longitude: number;
        sensors: { kind: string; Unit: string; RangeMin: number; RangeMax: number; SamplingHz: number; value: number | null; status: string }[] }[];
      changes: Record<string, number>;
    };
  };

  it.each([
    ['anonymous, security None', ['--subscribe-seconds', '2']],
    ['user/password, SignAndEncrypt Basic256Sha256', ['--user', 'operator', '--password-env', 'VIGIE_TEST_OPCUA_PASSWORD', '--cert-dir', tmp]],
  ])('%s: browses Objects/Plant and reads every sensor', async (_label, args) => {
    requireAsyncua();
    const out = await runClient(args);
    const catalog = plant.catalog();
    expect(out.assets.map((a) => a.id).sort()).toEqual(catalog.map((a) => a.id).sort());
    for (const spec of catalog) {
      const got = out.assets.find((a) => a.id === spec.id)!;
      expect({ name: got.Name, type: got.AssetType, site: got.Site, area: got.Area, line: got.Line, location: { lat: got.Latitude, lon: got.Longitude } })
        .toEqual({ name: spec.name, type: spec.type, site: spec.site, area: spec.area, line: spec.line, location: spec.location });
      expect(got.sensors.map((s) => ({ id: `${spec.id}.${s.kind}`, kind: s.kind, unit: s.Unit, min: s.RangeMin, max: s.RangeMax, samplingHz: s.SamplingHz })))
        .toEqual(spec.sensors);
      for (const s of got.sensors) {
        if (s.status.startsWith('Bad')) {
          expect(s.value).toBeNull();
        } else {
          expect(s.value!).toBeGreaterThanOrEqual(s.RangeMin);
          expect(s.value!).toBeLessThanOrEqual(s.RangeMax);
        }
      }
    }
    if (args.includes('--subscribe-seconds')) {
      const sensors = catalog.flatMap((a) => a.sensors);
      expect(Object.keys(out.changes)).toHaveLength(sensors.length);
      expect(Math.min(...Object.values(out.changes))).toBeGreaterThan(3);
    }
  });
});
