import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '@vigie/service-kit-testing';
import { AppError } from '../src/errors';
import { PgliteDatabase } from '../src/db/index';
import { enqueueTime, JobQueue, JobRepository, RESTART_MESSAGE, SHUTDOWN_MESSAGE, type Job, type JobWork } from '../src/jobs/index';
import { silentLogger } from '../src/logger';

type Params = { n: number };
type Result = string[];

const TABLE = `
  CREATE TABLE demo_jobs (
    id text PRIMARY KEY, source text, params jsonb NOT NULL, status text NOT NULL DEFAULT 'queued',
    progress double precision NOT NULL DEFAULT 0, message text, created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    started_at timestamptz, finished_at timestamptz, result jsonb NOT NULL DEFAULT '[]');`;

/** A work function that waits at a gate between steps, so a test can look at (or cancel) a job mid-run. */
function gatedWork() {
  const gates: (() => void)[] = [];
  const entered: string[] = [];
  const work: JobWork<Params, Result> = async (job, report, signal) => {
    const done: string[] = [];
    entered.push(job.id);
    for (let i = 0; i < job.params.n; i++) {
      await new Promise<void>((resolve) => gates.push(resolve));
      if (signal.aborted) throw signal.reason;
      if (job.subject === 'boom') throw new AppError('TRAINING_DATA_MISSING', 'nothing to train on');
      if (job.subject === 'crash') throw new Error('disk on fire');
      done.push(`${job.subject}:${i}`);
      await report((i + 1) / job.params.n, done);
    }
    return done;
  };
  const step = async () => {
    await eventually(() => gates.length > 0, 30_000);
    gates.shift()!();
  };
  return { work, entered, step };
}

describe('JobQueue', () => {
  let db: PgliteDatabase;
  beforeAll(async () => {
    db = await PgliteDatabase.open();
    await db.exec(TABLE);
  });
  afterAll(() => db.close());

  const queue = (work: JobWork<Params, Result>) =>
    new JobQueue<Params, Result>({
      service: 'demo',
      noun: 'demo job',
      repository: new JobRepository<Params, Result>(db, { table: 'demo_jobs', subjectColumn: 'source' }),
      work,
      logger: silentLogger(),
    });
  // 30 s: the unit project runs many PGlite files at once on 2 cores; a loaded CI machine took > 10 s here.
  const until = (q: JobQueue<Params, Result>, id: string, status: string) =>
    eventually(async () => ((await q.get(id)).status === status ? q.get(id) : null), 30_000);

  it(
    'runs jobs one at a time, oldest first, reporting progress and the result; fails with the error code',
    { timeout: 120_000 },
    async () => {
      const gated = gatedWork();
      const q = queue(gated.work);
      await q.recover();
      const a = await q.enqueue('a', { n: 2 });
      const b = await q.enqueue('boom', { n: 1 });
      const c = await q.enqueue('crash', { n: 1 });
      expect(a).toMatchObject({ subject: 'a', params: { n: 2 }, status: 'queued', progress: 0, result: [] });
      await gated.step();
      const half = await eventually(async () => ((await q.get(a.id)).progress === 0.5 ? q.get(a.id) : null));
      expect(half).toMatchObject({ status: 'running', result: ['a:0'] });
      expect((await q.get(b.id)).status).toBe('queued');
      await gated.step();
      expect(await until(q, a.id, 'succeeded')).toMatchObject({ progress: 1, result: ['a:0', 'a:1'], message: null });
      await gated.step();
      expect(await until(q, b.id, 'failed')).toMatchObject({ message: 'TRAINING_DATA_MISSING: nothing to train on' });
      await gated.step();
      expect(await until(q, c.id, 'failed')).toMatchObject({ message: 'INTERNAL: disk on fire' });
      expect(gated.entered).toEqual([a.id, b.id, c.id]);

      const page1 = await q.list(2);
      expect(page1.jobs.map((j: Job<Params, Result>) => j.id)).toEqual([c.id, b.id]);
      const page2 = await q.list(2, page1.nextCursor);
      expect(page2).toEqual({ jobs: [expect.objectContaining({ id: a.id })] });
      await expect(q.list(2, 'not-a-cursor')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      await expect(q.get('00000000-0000-4000-8000-000000000000')).rejects.toMatchObject({ code: 'NOT_FOUND' });
      await q.stop();
      await expect(q.enqueue('late', { n: 1 })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
    },
  );

  it('claims and lists jobs in the order they were enqueued, many within one millisecond of the database clock', { timeout: 120_000 }, async () => {
    // PGlite's clock_timestamp() ticks in milliseconds: a burst of inserts ties on it, and the random ids decided.
    const claimed: string[] = [];
    const q = queue(async (job) => {
      claimed.push(job.id);
      return [];
    });
    await q.recover();
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) ids.push((await q.enqueue(`burst-${i}`, { n: 1 })).id);
    await until(q, ids.at(-1)!, 'succeeded');
    expect(claimed).toEqual(ids);
    const listed = await q.list(40);
    expect(listed.jobs.map((j: Job<Params, Result>) => j.id)).toEqual([...ids].reverse());
    await q.stop();
  });

  it('stamps enqueue times that always move forward, by 1 ms when the clock has not', () => {
    const a = enqueueTime();
    expect(enqueueTime(a - 5)).toBe(a + 1);
    expect(enqueueTime(a + 1)).toBe(a + 2);
    expect(enqueueTime(a + 100)).toBe(a + 100);
  });

  it('cancels queued and running jobs; a cancelled job writes nothing more; an ended job is a CONFLICT', { timeout: 120_000 }, async () => {
    const gated = gatedWork();
    const q = queue(gated.work);
    await q.recover();
    const running = await q.enqueue('r', { n: 3 });
    const queued = await q.enqueue('q', { n: 1 });
    await gated.step();
    await eventually(async () => (await q.get(running.id)).progress > 0);
    expect(await q.cancel(queued.id)).toMatchObject({ status: 'cancelled', message: 'cancelled by request' });
    expect(await q.cancel(running.id)).toMatchObject({ status: 'cancelled' });
    await expect(q.cancel(running.id)).rejects.toMatchObject({ code: 'CONFLICT' });
    await gated.step(); // the work resumes, sees the abort, and stops
    const next = await q.enqueue('n', { n: 1 });
    await gated.step();
    await until(q, next.id, 'succeeded');
    expect(await q.get(running.id)).toMatchObject({ status: 'cancelled', result: ['r:0'] });
    expect(gated.entered).not.toContain(queued.id);
    await q.stop();
  });

  it('a new process fails what an old one left queued or running, and the old one cannot overwrite it', { timeout: 120_000 }, async () => {
    const old = gatedWork();
    const killed = queue(old.work);
    await killed.recover();
    const job = await killed.enqueue('k', { n: 2 });
    const behind = await killed.enqueue('k2', { n: 1 });
    await eventually(() => old.entered.length === 1);
    const restarted = queue(gatedWork().work);
    await restarted.recover();
    expect(await restarted.get(job.id)).toMatchObject({ status: 'failed', message: RESTART_MESSAGE });
    expect(await restarted.get(behind.id)).toMatchObject({ status: 'failed', message: RESTART_MESSAGE });
    await old.step(); // the old process's progress write finds the job failed: it abandons quietly
    await new Promise((r) => setTimeout(r, 100));
    expect(await restarted.get(job.id)).toMatchObject({ status: 'failed', progress: 0, result: [] });
    await killed.stop();
    await restarted.stop();
  });

  it('a graceful stop fails the running job "interrupted by a shutdown"', async () => {
    const gated = gatedWork();
    const q = queue(gated.work);
    await q.recover();
    const job = await q.enqueue('s', { n: 2 });
    await eventually(() => gated.entered.length === 1);
    const stopping = q.stop();
    await gated.step();
    await stopping;
    expect(await q.get(job.id)).toMatchObject({ status: 'failed', message: SHUTDOWN_MESSAGE });
  });

  it("runs a job queued while the running drain's last claim was coming back empty", { timeout: 120_000 }, async () => {
    // recover() kicks a drain whose claim finds nothing; that empty answer is held until the job below is queued (its
    // kick lands while the drain is still running), as when a claim's query ran just before another request committed.
    let held: (() => void) | undefined;
    class HeldEmptyClaims extends JobRepository<Params, Result> {
      override async claimNext(): Promise<Job<Params, Result> | undefined> {
        const job = await super.claimNext();
        if (!job && held === undefined) await new Promise<void>((resolve) => (held = resolve));
        return job;
      }
    }
    const q = new JobQueue<Params, Result>({
      service: 'demo',
      noun: 'demo job',
      repository: new HeldEmptyClaims(db, { table: 'demo_jobs', subjectColumn: 'source' }),
      work: async (job) => [`${job.subject}:done`],
      logger: silentLogger(),
    });
    await q.recover();
    await eventually(() => held !== undefined);
    const job = await q.enqueue('late', { n: 1 });
    held!();
    expect(await until(q, job.id, 'succeeded')).toMatchObject({ result: ['late:done'] });
    await q.stop();
  });

  it('refuses a table or column name that is not a plain identifier', () => {
    expect(() => new JobRepository(db, { table: 'jobs; DROP TABLE x', subjectColumn: 'source' })).toThrow(
      /not a lower-case SQL identifier/,
    );
  });
});
