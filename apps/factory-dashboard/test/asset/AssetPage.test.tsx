// @vitest-environment happy-dom
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { act, cleanup, configure, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemoryRouter, Route, Routes } from 'react-router';
import type { MonitoringFeed } from '../../src/hooks/use-monitoring-socket';
import { setGatewayBaseUrl } from '../../src/api/client';
import { I18nProvider, type Language } from '../../src/i18n/i18n';
import { TopicFeedContext } from '../../src/live/topic-feed-context';
import { TopicSubscriptions } from '../../src/live/topic-subscriptions';
import { AssetPage } from '../../src/pages/asset/AssetPage';
import { FeatureTrends } from '../../src/pages/asset/FeatureTrends';
import { initialPlantState } from '../../src/state/plant-state';
import { anomaly, asset, rul, workOrder } from '../fixtures';

// Seven panels load over real HTTP; on a loaded machine that can take more than the default second.
configure({ asyncUtilTimeout: 5000 });

/** The live plant state the page reads (the monitoring socket's, fixed here); the raw streams go through a real registry. */
let feed: MonitoringFeed;
vi.mock('../../src/live/LiveProvider', () => ({ useLive: () => feed }));

const T0 = Date.UTC(2026, 10, 27, 8);
const SENSORS = ['P-101.temperature', 'P-101.vibration'];
const ASSET_ANOMALY = anomaly({
  anomalyId: 'an:P-101:6000',
  assetId: 'P-101',
  sensorId: 'P-101.vibration',
  windowStart: 6000,
  windowEnd: T0,
  score: 0.74,
  criticality: 'high',
  modelVersion: 'anomaly-P-101/3',
  contributors: [
    { sensorId: 'P-101.vibration', feature: 'bpfo_amplitude', value: 0.82, baseline: 0.21, z: 8.4 },
    { sensorId: 'P-101.temperature', feature: 'mean', value: 61.2, baseline: 58, z: 2.1 },
  ],
});
const SENSOR_ANOMALY = anomaly({
  anomalyId: 'an:P-101.vibration:0',
  assetId: 'P-101',
  sensorId: 'P-101.vibration',
  windowStart: 0,
  windowEnd: T0 - 300_000,
  score: 0.65,
  criticality: 'low',
  modelVersion: 'auto-300000',
});

/** A real HTTP gateway playing ingestion, anomaly-detection, rul-prediction, feature-extraction and the orchestrator. */
let server: Server;
let requests: string[] = [];
let featuresDown = false;
function answer(url: string): [number, unknown] {
  const u = new URL(url, 'http://x');
  const p = u.pathname;
  if (p === '/api/v1/ingestion/assets/P-101/readings') {
    return [
      200,
      {
        assetId: 'P-101',
        sensors: SENSORS.map((sensorId, k) => ({
          sensorId,
          kind: sensorId.split('.')[1],
          unit: k === 0 ? '°C' : 'mm/s',
          samples: Array.from({ length: 30 }, (_, i) => ({
            ts: T0 + i * 12_000,
            value: i === 5 ? null : 50 + k + i / 10,
            quality: i === 5 ? 'bad' : 'good',
          })),
        })),
      },
    ];
  }
  if (p === '/api/v1/ingestion/assets')
    return [
      200,
      {
        assets: ['P-101', 'K-9'].map((id) => ({
          id,
          name: `Described ${id}`,
          type: 'compressor',
          site: 'Lyon',
          area: 'Air',
          line: 'L2',
          latitude: null,
          longitude: null,
          sensors: [],
        })),
      },
    ];
  if (p.startsWith('/api/v1/ingestion/assets/')) return [404, { error: { code: 'ASSET_NOT_FOUND', message: `no asset ${p}` } }];
  if (p === '/api/v1/anomalies/P-101') return [200, { assetId: 'P-101', anomalies: [ASSET_ANOMALY, SENSOR_ANOMALY] }];
  if (p === '/api/v1/anomalies/P-101/thresholds')
    return [
      200,
      {
        assetId: 'P-101',
        assetModel: {
          modelVersion: 'anomaly-P-101/3',
          sensors: SENSORS,
          thresholds: { low: 0.55, medium: 0.62, high: 0.7, critical: 0.8 },
        },
        sensorBaselines: { thresholds: { low: 0.6, medium: 0.7, high: 0.8, critical: 0.9 }, sensors: [] },
      },
    ];
  if (p === '/api/v1/rul/P-101')
    return [
      200,
      {
        assetId: 'P-101',
        predictions: [
          rul({ predictionId: 'r2', assetId: 'P-101', asOf: T0, rul: 18.5, lower: 12, upper: 26, modelVersion: 'rul-sim/1' }),
          rul({ predictionId: 'r1', assetId: 'P-101', asOf: T0 - 3_600_000, rul: 20, lower: 14, upper: 29, modelVersion: 'rul-sim/1' }),
        ],
      },
    ];
  if (p === '/api/v1/features/P-101') {
    if (featuresDown) return [503, { error: { code: 'UNAVAILABLE', message: 'feature store unreachable' } }];
    const sensorId = u.searchParams.get('sensorId')!;
    return [
      200,
      {
        assetId: 'P-101',
        windows: [0, 1, 2].map((i) => ({
          assetId: 'P-101',
          sensorId,
          windowStart: new Date(T0 + i * 300_000).toISOString(),
          windowEnd: new Date(T0 + (i + 1) * 300_000).toISOString(),
          sampleCount: 25,
          features: { rms: 1 + i, bpfo_amplitude: 0.2 * (i + 1) },
        })),
      },
    ];
  }
  if (p === '/api/v1/work-orders')
    return [
      200,
      {
        workOrders: [
          workOrder({ id: 'wo-1', assetId: 'P-101', title: 'Replace DE bearing', priority: 'P1', status: 'approved' }),
          workOrder({
            id: 'wo-closed',
            assetId: 'P-101',
            title: 'Realign coupling',
            status: 'done',
            createdAt: '2024-01-01T00:00:00Z',
            updatedAt: '2024-01-02T00:00:00Z',
          }),
          // An order of another asset: a server ignoring the filter must not put it on this page.
          workOrder({ id: 'wo-other', assetId: 'P-102', title: 'Other asset' }),
        ],
      },
    ];
  return [404, { error: { code: 'ROUTE_NOT_FOUND', message: p } }];
}

beforeAll(async () => {
  server = createServer((req, res) => {
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-allow-headers', '*');
    if (req.method === 'OPTIONS') return res.writeHead(204).end();
    requests.push(req.url ?? '');
    const [status, body] = answer(req.url ?? '/');
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  setGatewayBaseUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

const P101 = asset({
  id: 'P-101',
  name: 'Feed pump P-101',
  site: 'Lyon',
  area: 'Utilities',
  line: 'L1',
  status: 'alarm',
  health: 0.42,
  sensors: SENSORS.map((id) => ({ id, kind: id.split('.')[1]!, unit: 'x', min: null, max: null, samplingHz: 1 / 12 })),
  lastAnomaly: ASSET_ANOMALY,
  lastRul: rul({ predictionId: 'r2', assetId: 'P-101', asOf: T0, rul: 18.5, lower: 12, upper: 26, level: 0.9, modelVersion: 'rul-sim/1' }),
});

beforeEach(() => {
  requests = [];
  featuresDown = false;
  feed = {
    plant: {
      ...initialPlantState,
      synced: true,
      assets: [P101],
      workOrders: [workOrder({ id: 'wo-1', assetId: 'P-101', title: 'Replace DE bearing', priority: 'P1', status: 'approved' })],
    },
    connection: 'live',
    lastMessageAt: Date.now(),
  } as MonitoringFeed;
});
afterEach(cleanup);

function renderAt(path: string, registry = new TopicSubscriptions(), language: Language = 'en') {
  render(
    <I18nProvider language={language}>
      <TopicFeedContext.Provider value={registry}>
        <MemoryRouter initialEntries={[path]}>
          <Routes>
            <Route path="/assets/:assetId" element={<AssetPage />} />
            <Route path="/work-orders/:workOrderId" element={<div data-testid="page-work-order" />} />
          </Routes>
        </MemoryRouter>
      </TopicFeedContext.Provider>
    </I18nProvider>,
  );
  return registry;
}

describe('asset page', () => {
  it('shows the header from the live state: name, location, health, criticality of the latest anomaly, RUL with its interval', async () => {
    renderAt('/assets/P-101');
    const header = screen.getByTestId('asset-header');
    expect(within(header).getByTestId('asset-name').textContent).toBe('Feed pump P-101');
    expect(header.textContent).toContain('Lyon › Utilities › L1');
    expect(within(header).getByTestId('asset-health').textContent).toBe('Health42%');
    expect(within(header).getByTestId('asset-criticality').textContent).toContain('High');
    expect(within(header).getByTestId('asset-rul').textContent).toMatch(/18\.5 h.*\[12\.0 – 26\.0 h\] at 90%.*rul-sim\/1/);
    expect(within(header).getByTestId('asset-open-work-orders').textContent).toContain('1');
    // Skeletons while REST loads, then the panels.
    await waitFor(() => expect(screen.getAllByTestId('sensor-chart')).toHaveLength(2));
  });

  it("draws one chart per sensor from the stored readings, the latest reading's value with its unit", async () => {
    renderAt('/assets/P-101');
    const charts = await screen.findAllByTestId('sensor-chart');
    expect(charts.map((c) => c.getAttribute('data-sensor-id'))).toEqual(SENSORS);
    expect(charts[0]!.getAttribute('data-points')).toBe('30');
    expect(within(charts[0]!).getByTestId('sensor-last').textContent).toBe('Latest reading: 52.9 °C');
    expect(requests).toContain('/api/v1/ingestion/assets/P-101/readings?limit=1000');
  });

  it('adds live sensor-data points to the charts (throttled), ignoring readings older than those shown', async () => {
    const registry = renderAt('/assets/P-101');
    await screen.findAllByTestId('sensor-chart');
    // The page asked the socket for P-101's raw sensor-data stream, and only that.
    expect([...registry.counts().entries()]).toEqual([['sensor-data P-101', 1]]);
    act(() => {
      registry.dispatch({
        topic: 'sensor-data',
        assetId: 'P-101',
        payload: {
          assetId: 'P-101',
          sensorId: 'P-101.vibration',
          unit: 'mm/s',
          samples: [
            { ts: T0, value: 999, quality: 'good' }, // already shown: ignored
            { ts: T0 + 30 * 12_000, value: 7.25, quality: 'good' },
            { ts: T0 + 31 * 12_000, value: 7.5, quality: 'good' },
          ],
        },
      });
    });
    await waitFor(() => {
      const vib = screen.getAllByTestId('sensor-chart').find((c) => c.getAttribute('data-sensor-id') === 'P-101.vibration')!;
      expect(vib.getAttribute('data-points')).toBe('32');
      expect(within(vib).getByTestId('sensor-last').textContent).toBe('Latest reading: 7.5 mm/s');
    });
  });

  it('draws anomaly scores against the thresholds of the model in service, and opens the evidence of a clicked anomaly', async () => {
    renderAt('/assets/P-101');
    const chart = await screen.findByTestId('anomaly-chart');
    expect(chart.getAttribute('data-points')).toBe('2');
    expect(chart.getAttribute('data-thresholds')).toBe('0.550,0.620,0.700,0.800');
    expect(screen.getByTestId('anomaly-thresholds-legend').textContent).toContain('Thresholds of the asset model anomaly-P-101/3');
    const rows = screen.getAllByTestId('anomaly-row');
    expect(rows.map((r) => r.getAttribute('data-anomaly-id'))).toEqual(['an:P-101:6000', 'an:P-101.vibration:0']);
    await userEvent.click(rows[0]!);
    const evidence = screen.getByTestId('anomaly-evidence');
    expect(within(evidence).getByTestId('evidence-scorer').getAttribute('data-scorer')).toBe('asset-model');
    expect(within(evidence).getByTestId('evidence-model').textContent).toBe('anomaly-P-101/3');
    expect(within(evidence).getByTestId('evidence-score').textContent).toBe('0.74 · High threshold: 0.70');
    const contributors = within(evidence).getAllByTestId('evidence-contributor');
    expect(contributors[0]!.textContent).toContain('bpfo_amplitude');
    expect(contributors[0]!.textContent).toContain('+8.4σ');
    // A sensor-baseline anomaly is judged against the baselines' fixed levels.
    await userEvent.click(rows[1]!);
    expect(within(screen.getByTestId('anomaly-evidence')).getByTestId('evidence-score').textContent).toBe('0.65 · Low threshold: 0.60');
    await userEvent.click(screen.getByTestId('anomaly-evidence-close'));
    expect(screen.queryByTestId('anomaly-evidence')).toBeNull();
  });

  it('shows the RUL history with its latest interval and the feature trend behind the latest anomaly', async () => {
    renderAt('/assets/P-101');
    expect((await screen.findByTestId('rul-chart')).getAttribute('data-points')).toBe('2');
    expect(screen.getByTestId('rul-latest').textContent).toBe('Latest: 18.5 h [12.0 – 26.0 h] at 90%, model rul-sim/1');
    const trend = await screen.findByTestId('feature-chart');
    expect(trend.getAttribute('data-sensor-id')).toBe('P-101.vibration');
    expect(trend.getAttribute('data-feature')).toBe('bpfo_amplitude');
    expect(trend.getAttribute('data-points')).toBe('3');
    expect(requests).toContain('/api/v1/features/P-101?sensorId=P-101.vibration&limit=500');
  });

  it('reads a live RUL interval without an upper bound as "at least lower", in the header and under the chart', async () => {
    // A capped model's interval reaching its cap: `upper` (40 h) is the cap, not a bound.
    const open = rul({
      predictionId: 'r3',
      assetId: 'P-101',
      asOf: T0 + 3_600_000,
      rul: 30,
      lower: 16,
      upper: 40,
      upperUnbounded: true,
      modelVersion: 'rul-sim/1',
    });
    feed = { ...feed, plant: { ...feed.plant, assets: [{ ...P101, lastRul: open }] } };
    renderAt('/assets/P-101');
    const header = screen.getByTestId('asset-header');
    expect(within(header).getByTestId('asset-rul').textContent).toMatch(/30\.0 h ≥ 16\.0 h at 90%, no upper bound.*rul-sim\/1/);
    expect(within(header).getByTestId('asset-rul').textContent).not.toContain('40');
    expect((await screen.findByTestId('rul-chart')).getAttribute('data-points')).toBe('3');
    expect(screen.getByTestId('rul-latest').textContent).toBe('Latest: 30.0 h, at least 16.0 h at 90% (no upper bound), model rul-sim/1');
    await screen.findByTestId('feature-chart'); // every panel loaded: no request outlives the test
    cleanup();
    renderAt('/assets/P-101', new TopicSubscriptions(), 'fr');
    expect(within(screen.getByTestId('asset-header')).getByTestId('asset-rul').textContent).toMatch(/≥ 16,0 h à 90\s%, sans borne haute/);
    expect((await screen.findByTestId('rul-latest')).textContent).toMatch(
      /^Dernière : 30,0 h, au moins 16,0 h à 90\s% \(sans borne haute\), modèle rul-sim\/1$/,
    );
    await screen.findByTestId('feature-chart');
  });

  it('keeps the feature shown when a newer anomaly names another one, and follows the selects', async () => {
    const other = anomaly({
      anomalyId: 'an:P-101.temperature:9',
      assetId: 'P-101',
      contributors: [{ sensorId: 'P-101.temperature', feature: 'rms', value: 1, baseline: 0, z: 7 }],
    });
    const view = (last: typeof other) => (
      <I18nProvider language="en">
        <FeatureTrends assetId="P-101" sensors={SENSORS} lastAnomaly={last} />
      </I18nProvider>
    );
    const { rerender } = render(view(ASSET_ANOMALY));
    await waitFor(() => expect(screen.getByTestId('feature-chart').getAttribute('data-feature')).toBe('bpfo_amplitude'));
    rerender(view(other));
    await new Promise((r) => setTimeout(r, 200));
    expect(screen.getByTestId('feature-chart').getAttribute('data-sensor-id')).toBe('P-101.vibration');
    expect(screen.getByTestId('feature-chart').getAttribute('data-feature')).toBe('bpfo_amplitude');
    expect(requests.filter((r) => r.startsWith('/api/v1/features/'))).toEqual([
      '/api/v1/features/P-101?sensorId=P-101.vibration&limit=500',
    ]);
  });

  it("lists the asset's work orders only, open and closed, each linking to its page", async () => {
    renderAt('/assets/P-101');
    await waitFor(() => expect(screen.getAllByTestId('asset-work-order-row')).toHaveLength(2));
    const rows = screen.getAllByTestId('asset-work-order-row');
    expect(rows.map((r) => r.getAttribute('data-work-order-id'))).toEqual(['wo-1', 'wo-closed']);
    expect(requests).toContain('/api/v1/work-orders?assetId=P-101&limit=200');
    await userEvent.click(within(rows[0]!).getByText('Replace DE bearing'));
    expect(screen.getByTestId('page-work-order')).toBeTruthy();
  });

  it('shows an error with its code where a service fails, and the rest of the page still works', async () => {
    featuresDown = true;
    renderAt('/assets/P-101');
    const features = screen.getByTestId('asset-features');
    await waitFor(() => expect(within(features).getByTestId('asset-error').getAttribute('data-code')).toBe('UNAVAILABLE'));
    expect(within(features).getByTestId('asset-error').textContent).toBe('Error UNAVAILABLE: feature store unreachable');
    expect(await screen.findByTestId('rul-chart')).toBeTruthy();
  });

  it('shows a clear not-found state for an asset no service knows, without asking the services about it', async () => {
    renderAt('/assets/X-404');
    expect(screen.getByTestId('asset-header-loading')).toBeTruthy();
    const notFound = await screen.findByTestId('asset-not-found');
    expect(notFound.textContent).toContain('Vigie knows no asset “X-404”.');
    expect(screen.getByTestId('page-asset').getAttribute('data-not-found')).toBe('true');
    expect(requests).toEqual(['/api/v1/ingestion/assets']);
  });

  it('describes an asset ingestion knows that monitoring has not assessed yet, its health unknown', async () => {
    renderAt('/assets/K-9');
    const header = await screen.findByTestId('asset-header');
    expect(within(header).getByTestId('asset-name').textContent).toBe('Described K-9');
    expect(header.getAttribute('data-status')).toBe('unknown');
    expect(within(header).getByTestId('asset-rul').textContent).toContain('No prediction yet');
  });

  it('speaks French', async () => {
    renderAt('/assets/P-101', new TopicSubscriptions(), 'fr');
    expect(screen.getByTestId('asset-header').textContent).toContain('Durée de vie restante');
    expect(screen.getByTestId('asset-criticality').textContent).toContain('Haute');
    expect(await screen.findByText('Capteurs en direct')).toBeTruthy();
    cleanup();
    renderAt('/assets/X-404', new TopicSubscriptions(), 'fr');
    expect((await screen.findByTestId('asset-not-found', {}, { timeout: 5000 })).textContent).toContain(
      'Vigie ne connaît aucun équipement « X-404 ».',
    );
  });
});
