// @vitest-environment happy-dom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryRouter } from 'react-router';
import { I18nProvider, type Language } from '../../src/i18n/i18n';
import { OverviewContent } from '../../src/pages/overview/OverviewPage';
import { initialPlantState, type PlantState } from '../../src/state/plant-state';
import { alert, anomaly, asset, rul, workOrder } from '../fixtures';

const plant: PlantState = {
  ...initialPlantState,
  synced: true,
  assets: [
    asset({
      id: 'P-101',
      name: 'Feed pump',
      status: 'alarm',
      health: 0.2,
      lastAnomaly: anomaly({ anomalyId: 'an-1', assetId: 'P-101', criticality: 'critical' }),
      lastRul: rul({ predictionId: 'r-1', assetId: 'P-101', rul: 12.5 }),
    }),
    asset({ id: 'C-7', name: 'Compressor', status: 'ok', lastRul: rul({ predictionId: 'r-2', assetId: 'C-7', rul: 900 }) }),
    asset({ id: 'M-3', name: 'Mixer', status: 'unknown', health: null }),
  ],
  workOrders: [
    workOrder({ id: 'wo-aaaaaaaa-1', assetId: 'P-101', priority: 'P1', title: 'Replace bearing' }),
    workOrder({ id: 'wo-bbbbbbbb-2', assetId: 'P-101', priority: 'P1', title: 'Check alignment' }),
    workOrder({ id: 'wo-cccccccc-3', assetId: 'C-7', priority: 'P3', title: 'Clean filter' }),
  ],
  alerts: [alert({ id: 'al-1', severity: 'critical', assetId: 'P-101', message: 'Vibration above limit' })],
  recentAnomalies: [anomaly({ anomalyId: 'an-1', assetId: 'P-101', criticality: 'critical' })],
};

function renderOverview(state: PlantState, language: Language = 'en') {
  return render(
    <I18nProvider language={language}>
      <MemoryRouter>
        <OverviewContent plant={state} />
      </MemoryRouter>
    </I18nProvider>,
  );
}

afterEach(cleanup);

describe('overview page', () => {
  it('shows skeletons, not zeros, before the first snapshot', () => {
    renderOverview(initialPlantState);
    expect(screen.getByTestId('page-overview').getAttribute('data-synced')).toBe('false');
    expect(screen.getAllByTestId('overview-loading').length).toBeGreaterThan(0);
    expect(screen.queryByTestId('priority-count-P1')).toBeNull();
    expect(screen.queryByTestId('health-count-ok')).toBeNull();
    expect(screen.queryByText('No open work order.')).toBeNull();
  });

  it('counts open work orders per priority and links each row to its order', () => {
    renderOverview(plant);
    expect(screen.getByTestId('priority-count-P1').getAttribute('data-count')).toBe('2');
    expect(screen.getByTestId('priority-count-P2').getAttribute('data-count')).toBe('0');
    expect(screen.getByTestId('priority-count-P3').getAttribute('data-count')).toBe('1');
    const rows = screen.getAllByTestId('work-order-row');
    expect(rows).toHaveLength(3);
    expect(
      within(rows[0] as HTMLElement)
        .getByText('Replace bearing')
        .closest('a')
        ?.getAttribute('href'),
    ).toBe('/work-orders/wo-aaaaaaaa-1');
    expect((rows[0] as HTMLElement).querySelector('td[title="P-101"]')?.textContent).toBe('Feed pump');
  });

  it('shows health counts and one card per asset linking to its page', () => {
    renderOverview(plant);
    expect(screen.getByTestId('health-count-alarm').getAttribute('data-count')).toBe('1');
    expect(screen.getByTestId('health-count-ok').getAttribute('data-count')).toBe('1');
    expect(screen.getByTestId('health-count-unknown').getAttribute('data-count')).toBe('1');
    const card = screen.getAllByTestId('asset-card').find((c) => c.getAttribute('data-asset-id') === 'P-101') as HTMLElement;
    expect(card.getAttribute('data-status')).toBe('alarm');
    expect(card.querySelector('a')?.getAttribute('href')).toBe('/assets/P-101');
    expect(within(card).getByTestId('asset-rul').querySelector('strong')?.textContent).toBe('12.5 h');
    expect(within(card).getByTestId('asset-anomaly').getAttribute('data-criticality')).toBe('critical');
    expect(within(card).getByTestId('asset-work-orders').textContent).toContain('2 open');
  });

  it('buckets the RUL histogram and lists the lowest RUL first', () => {
    renderOverview(plant);
    expect(screen.getByTestId('rul-bucket-day').getAttribute('data-count')).toBe('1');
    expect(screen.getByTestId('rul-bucket-later').getAttribute('data-count')).toBe('1');
    expect(screen.getAllByTestId('lowest-rul-row').map((r) => r.getAttribute('data-asset-id'))).toEqual(['P-101', 'C-7']);
    expect(screen.getByText('1 without a prediction')).toBeTruthy();
  });

  it('reads an interval without an upper bound as "≥ lower", never as the cap it stops at', () => {
    const open = rul({ predictionId: 'r-3', assetId: 'P-101', rul: 0.9, lower: 0.6, upper: 1, upperUnbounded: true });
    const state = { ...plant, assets: [asset({ id: 'P-101', lastRul: open })] };
    renderOverview(state);
    const line = () => within(screen.getByTestId('asset-card')).getByTestId('asset-rul').querySelector('span[title]')?.textContent;
    expect(line()).toBe('0.9 h ≥ 0.6 at 90%, no upper bound');
    cleanup();
    renderOverview(state, 'fr');
    expect(line()).toMatch(/^0,9 h ≥ 0,6 à 90\s%, sans borne haute$/);
  });

  it('speaks French', () => {
    renderOverview(plant, 'fr');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe("Vue d'ensemble");
    expect(screen.getByText('Ordres de travail ouverts')).toBeTruthy();
    const card = screen.getAllByTestId('asset-card')[0] as HTMLElement;
    expect(within(card).getByTestId('asset-rul').querySelector('strong')?.textContent).toBe('12,5 h');
    expect(within(card).getByText('Alarme')).toBeTruthy();
  });
});
