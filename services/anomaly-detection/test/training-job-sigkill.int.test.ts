import type { ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICES } from '@vigie/contracts';
import { createTestHarness, type TestHarness } from '@vigie/service-kit-testing';
import { allUp, baseUrl, getJson, spawnVigie, stopProcess, tempDir, waitFor } from '../../../test/e2e/support';
import { startFeatures } from './support';

/**
 * Issue 5, for real: `vigie start --service anomaly-detection` (embedded: PGlite and the bus log in a data directory)
 * runs as a child process, a training job starts over HTTP, the process gets SIGKILL while the job runs, and a new
 * process on the same data directory reports the job failed over REST and trains again.
 *
 * The job reads its windows from the real feature-extraction service (in this process) through an HTTP front that
 * holds requests until opened: the killed job is parked in that read, so it is still running when the signal lands.
 */
type Job = { id: string; status: string; progress: number; message: string | null; models: { version: number; promoted: boolean }[] };

interface HeldFront {
  /** Resolves when the first request arrived (and is being held). */
  entered: Promise<void>;
  /** Requests received so far (path and query). */
  seen: string[];
  /** Forwards held and later requests to `upstream`; a held request whose caller died is dropped. */
  open(upstream: string): void;
  close(): Promise<void>;
}

async function heldFront(port: number): Promise<HeldFront> {
  let open!: (upstream: string) => void;
  let entered!: () => void;
  const opened = new Promise<string>((r) => (open = r));
  const enteredP = new Promise<void>((r) => (entered = r));
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(req.url ?? '');
    entered();
    void opened
      .then(async (upstream) => {
        if (req.socket.destroyed) return;
        const up = await fetch(`${upstream}${req.url ?? '/'}`);
        res.writeHead(up.status, { 'content-type': up.headers.get('content-type') ?? 'application/json' });
        res.end(Buffer.from(await up.arrayBuffer()));
      })
      .catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    entered: enteredP,
    seen,
    open: (upstream) => open(upstream),
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** Resolves when `port` can be listened on right now, rejects (EADDRINUSE) when it cannot. */
function portFree(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createNetServer().once('error', reject);
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

/** A port offset whose feature-extraction port the front holds and whose anomaly-detection port is free. */
async function frontOnFreeOffset(): Promise<{ offset: number; front: HeldFront }> {
  for (let attempt = 0; ; attempt++) {
    const offset = 20_000 + Math.floor(Math.random() * 20_000);
    try {
      await portFree(SERVICES['anomaly-detection'].port + offset);
      return { offset, front: await heldFront(SERVICES['feature-extraction'].port + offset) };
    } catch (err) {
      if (attempt === 20) throw err;
    }
  }
}

describe('a training job survives a SIGKILL of the anomaly-detection process', () => {
  let h: TestHarness;
  let features: Awaited<ReturnType<typeof startFeatures>>;
  let front: HeldFront;
  let offset: number;
  let first: ChildProcess;
  const dataDir = tempDir('vigie-anomaly-sigkill-');
  const children: ChildProcess[] = [];
  const spawnAnomaly = async (): Promise<ChildProcess> => {
    const env = {
      VIGIE_DATA_DIR: dataDir,
      XDG_CONFIG_HOME: dataDir,
      VIGIE_PORT_OFFSET: String(offset),
      VIGIE_HOST: '127.0.0.1',
      MLFLOW_URL: '',
    };
    const child = spawnVigie(
      ['start', '--profile', 'embedded', '--service', 'anomaly-detection'],
      env,
      path.join(dataDir, 'anomaly-detection.log'),
    );
    children.push(child);
    const exited = new Promise<never>((_, reject) =>
      child.once('exit', (code) => reject(new Error(`anomaly-detection exited (${code}); see its log`))),
    );
    await Promise.race([exited, waitFor('anomaly-detection UP', () => allUp(['anomaly-detection'], offset), 30_000, 100)]);
    return child;
  };
  const url = (p: string) => `${baseUrl('anomaly-detection', offset)}/api/v1/anomalies${p}`;
  const getJob = async (id: string): Promise<Job> => (await getJson<Job>(url(`/jobs/${id}`))).body;
  const train = async (): Promise<Job> => {
    const res = await fetch(url('/train'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"assetId":"K-1","windows":10}',
    });
    expect(res.status).toBe(202);
    return (await res.json()) as Job;
  };

  beforeAll(async () => {
    h = await createTestHarness();
    ({ offset, front } = await frontOnFreeOffset());
    // The first process starts while feature-extraction stores its windows: it reads none before its job runs.
    [features, first] = await Promise.all([startFeatures(h, 'sigkill_features', ['K-1'], 12), spawnAnomaly()]);
  });
  afterAll(async () => {
    await Promise.all(children.map((c) => stopProcess(c)));
    await front?.close();
    await features?.service.stop();
    await h?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('reads failed "interrupted by a restart" in the next process, which trains a new job to the end', async () => {
    const job = await train();
    const behind = await train();
    await front.entered; // the job's read of its windows reached feature-extraction and is held there
    expect(await getJob(job.id)).toMatchObject({ status: 'running', progress: 0, models: [] });
    expect(await getJob(behind.id)).toMatchObject({ status: 'queued' });

    first.kill('SIGKILL');
    const [, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((r) => first.once('exit', (code, sig) => r([code, sig])));
    expect(signal).toBe('SIGKILL');
    front.open(features.url);

    await spawnAnomaly();
    expect(await getJob(job.id)).toMatchObject({ status: 'failed', message: 'interrupted by a restart', models: [] });
    expect(await getJob(behind.id)).toMatchObject({ status: 'failed', message: 'interrupted by a restart', models: [] });
    const listed = (await getJson<{ jobs: Job[] }>(url('/jobs'))).body.jobs;
    expect(listed.map((j) => [j.id, j.status])).toEqual([
      [behind.id, 'failed'],
      [job.id, 'failed'],
    ]);

    const again = await train();
    const done = await waitFor(
      'the new job to end',
      async () => {
        const j = await getJob(again.id);
        return ['succeeded', 'failed'].includes(j.status) ? j : null;
      },
      10_000,
      100,
    );
    // Version 1: the killed job registered nothing in the model registry of the data directory.
    expect(done).toMatchObject({ status: 'succeeded', progress: 1, models: [{ version: 1, promoted: true }] });
    expect(front.seen).toHaveLength(2);
  }, 60_000); // a restart (tsx, PGlite) and a training job: 6–10 s on this loaded machine
});
