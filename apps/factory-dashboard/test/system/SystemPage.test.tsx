// @vitest-environment happy-dom
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MemoryRouter } from 'react-router';
import { setGatewayBaseUrl } from '../../src/api/client';
import { I18nProvider, type Language } from '../../src/i18n/i18n';
import { SystemContent } from '../../src/pages/system/SystemPage';
import { alert, service } from '../fixtures';

/** A real HTTP gateway answering monitoring's /services and /metrics (or failing them on demand). */
let server: Server;
let failMetrics = false;
const hits: string[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-allow-headers', '*');
    if (req.method === 'OPTIONS') return res.writeHead(204).end();
    res.setHeader('content-type', 'application/json');
    hits.push(req.url ?? '');
    if (req.url === '/api/v1/monitoring/services') {
      return res.end(
        JSON.stringify({
          services: [
            { ...service('ingestion-iiot'), latencyMs: 4, details: { circuit: { health: 'closed', gateway: 'closed' } } },
            { ...service('anomaly-detection', 'DOWN'), details: { error: 'ECONNREFUSED', circuit: { health: 'open', gateway: 'closed' } } },
          ],
        }),
      );
    }
    if (req.url === '/api/v1/monitoring/metrics') {
      if (failMetrics)
        return res.writeHead(502).end(JSON.stringify({ error: { code: 'UPSTREAM_UNAVAILABLE', message: 'monitoring did not answer' } }));
      const s = (at: string, rps: number) => ({
        at,
        requestsPerSecond: rps,
        eventsInPerSecond: 120.5,
        eventsOutPerSecond: 3,
        consumerLag: 42,
        latencyP95Ms: 18.4,
        errorRate: 0.025,
        dlqTotal: 7,
      });
      return res.end(
        JSON.stringify({
          topics: [],
          uptimeSeconds: 10,
          services: [
            {
              service: 'ingestion-iiot',
              latest: s('2026-11-27T10:00:10Z', 3.5),
              history: [s('2026-11-27T10:00:05Z', 2), s('2026-11-27T10:00:10Z', 3.5)],
            },
            { service: 'anomaly-detection', latest: null, history: [] },
          ],
        }),
      );
    }
    res.writeHead(404).end(JSON.stringify({ error: { code: 'ROUTE_NOT_FOUND', message: 'no' } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  setGatewayBaseUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  failMetrics = false;
  hits.length = 0;
});
afterEach(cleanup);

const plant = {
  services: [service('ingestion-iiot')],
  alerts: [
    alert({ id: 'a1', kind: 'rul_low', severity: 'warning', assetId: 'P-101', service: null, raisedAt: '2026-11-27T09:00:00Z' }),
    alert({
      id: 'a2',
      kind: 'service_down',
      severity: 'critical',
      assetId: null,
      service: 'anomaly-detection',
      raisedAt: '2026-11-27T08:00:00Z',
    }),
  ],
};

function show(language: Language = 'en') {
  return render(
    <I18nProvider language={language}>
      <MemoryRouter>
        <SystemContent plant={plant} />
      </MemoryRouter>
    </I18nProvider>,
  );
}

describe('system page', () => {
  it('shows each service with health, circuit and the gateway figures', async () => {
    show();
    expect(screen.getByTestId('page-system')).toBeTruthy();
    await waitFor(() => expect(screen.getAllByTestId('system-service-row')).toHaveLength(2));
    await waitFor(() => expect(screen.getByText('3.5 req/s')).toBeTruthy());
    expect(hits).toEqual(expect.arrayContaining(['/api/v1/monitoring/metrics', '/api/v1/monitoring/services']));
    const [ingestion, anomaly] = screen.getAllByTestId('system-service-row');
    const row = within(ingestion!);
    expect(row.getByText('ingestion-iiot')).toBeTruthy();
    expect(row.getByText('120.5 events/s')).toBeTruthy();
    expect(row.getByText('42 msgs')).toBeTruthy();
    expect(row.getByText('18.4 ms')).toBeTruthy();
    expect(row.getByText('2.5%')).toBeTruthy();
    expect(row.getByText('7')).toBeTruthy();
    expect(row.getByTestId('system-circuit').textContent).toBe('Closed');
    expect(row.getByTestId('system-sparkline')).toBeTruthy();
    expect(anomaly?.getAttribute('data-status')).toBe('DOWN');
    expect(within(anomaly!).getByTestId('system-circuit').textContent).toBe('Open');
    expect(within(anomaly!).queryByTestId('system-sparkline')).toBeNull(); // no history: no trend drawn
    expect(screen.getByTestId('system-summary').textContent).toBe('1 of 2 services up');
    expect(screen.getByTestId('system-open-circuits').textContent).toBe('1 circuit(s) not closed');
  });

  it('lists the live active alerts, most severe first, in the reader’s language, linking assets', async () => {
    show('fr');
    const items = screen.getAllByTestId('system-alert');
    expect(items.map((i) => i.getAttribute('data-kind'))).toEqual(['service_down', 'rul_low']);
    expect(items[0]?.textContent).toContain('Service anomaly-detection indisponible');
    expect(within(items[1]!).getByRole('link').getAttribute('href')).toBe('/assets/P-101');
    await waitFor(() => expect(screen.getAllByTestId('system-service-row')).toHaveLength(2));
  });

  it('shows the error code and message when the metrics cannot be fetched', async () => {
    failMetrics = true;
    show();
    await waitFor(() => expect(screen.getByTestId('system-error').textContent).toContain('UPSTREAM_UNAVAILABLE'));
    expect(screen.getByTestId('system-error').textContent).toContain('monitoring did not answer');
    // The statuses still show, with no figures.
    await waitFor(() => expect(screen.getAllByTestId('system-service-row')).toHaveLength(2));
  });
});
