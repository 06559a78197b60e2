// @vitest-environment happy-dom
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { setGatewayBaseUrl } from '../../src/api/client';
import { I18nProvider } from '../../src/i18n/i18n';
import { mergeJobs } from '../../src/pages/models/job-progress';
import { JobsTable } from '../../src/pages/models/JobsTable';
import { anomalyJob, rulJob } from './fixtures';

/** A real HTTP gateway: records the requests and answers cancels as the services do (200, or 409 CONFLICT once ended). */
let server: Server;
const requests: string[] = [];
beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-allow-headers', '*');
    if (req.method === 'OPTIONS') return res.writeHead(204).end();
    requests.push(`${req.method} ${req.url}`);
    res.setHeader('content-type', 'application/json');
    if (req.url?.includes('/ended/'))
      return res.writeHead(409).end(JSON.stringify({ error: { code: 'CONFLICT', message: 'the job has ended' } }));
    res.writeHead(200).end(JSON.stringify({ ok: true }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  setGatewayBaseUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => {
  cleanup();
  requests.length = 0;
});

const jobs = mergeJobs(
  [rulJob({ id: 'r-run', status: 'running', progress: 0.42, createdAt: '2026-11-27T10:00:00.000Z' })],
  [
    anomalyJob({ id: 'a-done', status: 'succeeded', createdAt: '2026-11-27T09:00:00.000Z' }),
    anomalyJob({ id: 'a-queued', status: 'queued', progress: 0, startedAt: null, assetId: null, createdAt: '2026-11-27T09:30:00.000Z' }),
  ],
);

function show(list = jobs, onChanged = vi.fn()) {
  render(
    <I18nProvider language="en">
      <JobsTable jobs={list} onChanged={onChanged} />
    </I18nProvider>,
  );
  return onChanged;
}

describe('JobsTable', () => {
  it('shows each job’s status and progress, and a cancel button on active jobs only', () => {
    show();
    const rows = screen.getAllByTestId('training-job');
    expect(rows.map((r) => r.dataset.status)).toEqual(['running', 'queued', 'succeeded']);
    expect(within(rows[0]!).getByTestId('job-progress').textContent).toBe('42 %');
    expect(within(rows[0]!).getByText('Running')).toBeTruthy();
    expect(within(rows[1]!).getByText('all assets')).toBeTruthy();
    expect(within(rows[2]!).getByTestId('job-progress').textContent).toBe('100 %');
    expect(rows.map((r) => within(r).queryByTestId('job-cancel') !== null)).toEqual([true, true, false]);
  });

  it('cancels through the endpoint of the job’s service, then asks for a refresh', async () => {
    const onChanged = show();
    const [rul, anomaly] = screen.getAllByTestId('job-cancel');
    await userEvent.click(rul!);
    await waitFor(() => expect(onChanged).toHaveBeenCalledTimes(1));
    await userEvent.click(anomaly!);
    await waitFor(() => expect(onChanged).toHaveBeenCalledTimes(2));
    expect(requests).toEqual(['POST /api/v1/rul/jobs/r-run/cancel', 'POST /api/v1/anomalies/jobs/a-queued/cancel']);
  });

  it('shows the code and message of a refused cancel', async () => {
    show(mergeJobs([rulJob({ id: 'ended', status: 'running' })], []));
    await userEvent.click(screen.getByTestId('job-cancel'));
    const error = await screen.findByTestId('job-cancel-error');
    expect(error.textContent).toContain('CONFLICT');
    expect(error.textContent).toContain('the job has ended');
  });

  it('says so when there is no job', () => {
    show([]);
    expect(screen.getByText('No training job.')).toBeTruthy();
  });
});
