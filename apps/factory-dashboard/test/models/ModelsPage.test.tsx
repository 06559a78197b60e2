// @vitest-environment happy-dom
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { setGatewayBaseUrl } from '../../src/api/client';
import { I18nProvider } from '../../src/i18n/i18n';
import { ModelsPage } from '../../src/pages/models/ModelsPage';
import { rulJob, rulModel } from './fixtures';

/**
 * A real HTTP gateway playing the RUL and anomaly services: the RUL job advances by a third at each poll and succeeds
 * at the third, registering a champion; POST /train queues a job or refuses an unknown source as the service does.
 */
let server: Server;
let jobPolls = 0;
let modelReads = 0;
let trainBodies: unknown[] = [];
const TREND = rulModel({ name: 'rul-trend', kind: 'exponential-trend', version: 'trend-1', status: 'loaded', params: {}, metrics: {} });

/** The parameters of the FD001 job the mock server reports (the source's last parameters). */
const FD001_PARAMS = {
  source: 'FD001',
  level: 0.8,
  window: 20,
  cap: 90,
  rounds: 300,
  learningRate: 0.05,
  maxDepth: 6,
  earlyStoppingRounds: 30,
  stride: 1,
  members: 4,
  seed: 0,
};

function answer(method: string, url: string, body: string): [number, unknown] {
  if (method === 'GET' && url.startsWith('/api/v1/rul/jobs')) {
    jobPolls += 1;
    const done = jobPolls >= 3;
    const params = FD001_PARAMS;
    const status = done ? 'succeeded' : 'running';
    return [
      200,
      {
        jobs: [
          rulJob({
            id: 'job-1',
            params,
            status,
            progress: Math.min(1, jobPolls / 3),
            finishedAt: done ? '2026-11-27T10:01:00.000Z' : null,
          }),
        ],
      },
    ];
  }
  if (method === 'GET' && url.startsWith('/api/v1/anomalies/jobs')) return [200, { jobs: [] }];
  if (method === 'GET' && url === '/api/v1/rul/models') {
    modelReads += 1;
    return [200, { models: jobPolls >= 3 ? [rulModel({ version: '1', status: 'champion' }), TREND] : [TREND] }];
  }
  if (method === 'POST' && url === '/api/v1/rul/train') {
    const parsed = JSON.parse(body) as { source: string };
    trainBodies.push(parsed);
    if ((parsed as { rounds?: number }).rounds! > 5000)
      return [400, { error: { code: 'VALIDATION_FAILED', message: 'Invalid body: rounds must be at most 5000' } }];
    if (parsed.source !== 'FD001')
      return [404, { error: { code: 'TRAINING_DATA_MISSING', message: `no training data for source ${parsed.source}` } }];
    return [202, rulJob({ id: 'job-2', status: 'queued', progress: 0, startedAt: null })];
  }
  return [404, { error: { code: 'NOT_FOUND', message: url } }];
}

beforeAll(async () => {
  server = createServer((req, res) => {
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-allow-headers', '*');
    if (req.method === 'OPTIONS') return res.writeHead(204).end();
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const [status, payload] = answer(req.method ?? 'GET', req.url ?? '/', body);
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  setGatewayBaseUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
afterAll(async () => {
  await new Promise((resolve) => setTimeout(resolve, 200)); // let aborted polls settle before the server goes
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  jobPolls = 0;
  modelReads = 0;
  trainBodies = [];
});
afterEach(cleanup);

function show() {
  render(
    <I18nProvider language="en">
      <ModelsPage />
    </I18nProvider>,
  );
}

describe('ModelsPage', () => {
  it('polls a running job every 2 s until it ends, then reads the models again and shows the new champion', async () => {
    show();
    const progress = async () => within(await screen.findByTestId('training-job')).getByTestId('job-progress').textContent;
    expect(await progress()).toBe('33 %');
    expect(screen.getByText('Refreshing every 2 s while a job is active')).toBeTruthy();
    expect(screen.getByTestId('rul-model-version').dataset.role).toBe('in-service');
    await waitFor(async () => expect(await progress()).toBe('67 %'), { timeout: 3000 });
    await waitFor(() => expect(screen.getByTestId('training-job').dataset.status).toBe('succeeded'), { timeout: 3000 });
    await waitFor(() => expect(screen.getAllByTestId('rul-model-version').map((r) => r.dataset.role)).toEqual(['champion', 'in-service']));
    expect(modelReads).toBe(2);
    expect(screen.queryByText('Refreshing every 2 s while a job is active')).toBeNull();
    expect(screen.queryByTestId('job-cancel')).toBeNull();
    // The registered FD001 version tells the page its rows are cycles: the training form now says so.
    await userEvent.click(screen.getByTestId('train-open'));
    expect(await screen.findByLabelText('Window (cycles)')).toBeTruthy();
  }, 15_000);

  it('trains on a known source and shows the refusal code of the service otherwise', async () => {
    show();
    await screen.findByTestId('training-job');
    await userEvent.click(screen.getByTestId('train-open'));
    const rounds = await screen.findByLabelText('Max boosting rounds');
    expect((rounds as HTMLInputElement).value).toBe('300');
    // No FD001 version is registered yet, so the page cannot tell cycles from feature windows.
    expect((screen.getByLabelText('Window (cycles or feature windows)') as HTMLInputElement).value).toBe('20');
    const members = screen.getByLabelText('Models averaged') as HTMLInputElement;
    expect(members.value).toBe('4');
    await userEvent.clear(rounds);
    await userEvent.type(rounds, '9999');
    await userEvent.click(screen.getByTestId('train-submit'));
    const refusal = await screen.findByTestId('train-error');
    expect(refusal.textContent).toBe('Training refused — VALIDATION_FAILED: Invalid body: rounds must be at most 5000');
    await userEvent.clear(rounds);
    await userEvent.type(rounds, '400');
    await userEvent.clear(members);
    await userEvent.type(members, '3');
    await userEvent.click(screen.getByTestId('train-submit'));
    await waitFor(() => expect(screen.getByTestId('train-started').textContent).toBe('Training job job-2 started.'));
    // The source's last job parameters are kept (cap 90 here); the form's fields override theirs.
    const last = FD001_PARAMS;
    expect(trainBodies).toEqual([
      { ...last, rounds: 9999 },
      { ...last, rounds: 400, members: 3 },
    ]);
  });
});
