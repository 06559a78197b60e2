// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import type { AssetHealth } from '@vigie/contracts';
import { I18nProvider } from '../../src/i18n/i18n';
import { FloorPlanView } from '../../src/pages/map/FloorPlanView';
import { anomaly, asset, rul } from '../fixtures';

afterEach(cleanup);

const SITE = 'Lyon-Gerland';
const healthy: readonly AssetHealth[] = [
  asset({ id: 'P-101', site: SITE, area: 'Utilities', line: 'Cooling loop 1', status: 'ok' }),
  asset({ id: 'P-102', site: SITE, area: 'Utilities', line: 'Cooling loop 1', status: 'ok' }),
  asset({ id: 'M-201', site: SITE, area: 'Production', line: 'Packaging line 2', status: 'unknown', health: null }),
];

function Where() {
  return <div data-testid="where">{useLocation().pathname}</div>;
}

function renderPlan(assets: readonly AssetHealth[]) {
  const ui = (list: readonly AssetHealth[]) => (
    <I18nProvider language="en">
      <MemoryRouter initialEntries={[`/map/${SITE}`]}>
        <Routes>
          <Route
            path="/map/:siteId"
            element={
              <div style={{ width: 1000, height: 700 }}>
                <FloorPlanView site={SITE} assets={list} />
              </div>
            }
          />
          <Route path="*" element={<Where />} />
        </Routes>
      </MemoryRouter>
    </I18nProvider>
  );
  const view = render(ui(assets));
  return { ...view, update: (next: readonly AssetHealth[]) => view.rerender(ui(next)) };
}

const marker = (id: string): HTMLElement => {
  const found = screen.getAllByTestId('map-asset').find((el) => el.dataset.assetId === id);
  if (found === undefined) throw new Error(`no marker for ${id}`);
  return found;
};

describe('FloorPlanView', () => {
  it('draws one marker per asset, tagged with its id and health', () => {
    renderPlan(healthy);
    const markers = screen.getAllByTestId('map-asset');
    expect(markers.map((m) => m.dataset.assetId).sort()).toEqual(['M-201', 'P-101', 'P-102']);
    expect(marker('P-101').dataset.health).toBe('ok');
    expect(marker('M-201').dataset.health).toBe('unknown');
  });

  it('draws the generated plan: one room per area and one row per line, labelled', () => {
    const { container } = renderPlan(healthy);
    expect(screen.getAllByTestId('map-plan-area')).toHaveLength(2);
    expect(screen.getAllByTestId('map-plan-line')).toHaveLength(2);
    const texts = [...container.querySelectorAll('svg text')].map((t) => t.textContent);
    expect(texts).toEqual(expect.arrayContaining(['Utilities', 'Production', 'Cooling loop 1', 'Packaging line 2']));
  });

  it('recolours a marker live when its health changes, without moving it', () => {
    const { update } = renderPlan(healthy);
    const where = (id: string) => {
      const icon = marker(id).parentElement as HTMLElement; // the Leaflet marker element around the dot
      return `${icon.style.left},${icon.style.top},${icon.style.transform}`;
    };
    const before = where('P-101');
    expect(before).not.toBe(where('P-102'));
    const degraded = healthy.map((a) =>
      a.id === 'P-101'
        ? {
            ...a,
            status: 'alarm' as const,
            health: 0.2,
            lastAnomaly: anomaly({ anomalyId: 'x', assetId: 'P-101', criticality: 'critical' }),
          }
        : a,
    );
    act(() => update(degraded));
    expect(marker('P-101').dataset.health).toBe('alarm');
    expect(marker('P-101').dataset.criticality).toBe('critical');
    expect(marker('P-102').dataset.health).toBe('ok');
    expect(where('P-101')).toBe(before);
  });

  it("says an asset's RUL has no upper bound in its tooltip, rather than showing the model's cap as one", async () => {
    const open = rul({ predictionId: 'r1', assetId: 'P-101', rul: 30, lower: 16, upper: 40, upperUnbounded: true });
    const closed = rul({ predictionId: 'r2', assetId: 'P-102', rul: 30, lower: 16, upper: 40 });
    renderPlan(healthy.map((a) => (a.id === 'P-101' ? { ...a, lastRul: open } : a.id === 'P-102' ? { ...a, lastRul: closed } : a)));
    fireEvent.mouseOver(marker('P-101').parentElement as HTMLElement);
    expect((await screen.findByTestId('map-asset-tooltip')).textContent).toContain(
      'Remaining useful life: 30 h (at least 16 h, no upper bound)',
    );
    fireEvent.mouseOut(marker('P-101').parentElement as HTMLElement);
    fireEvent.mouseOver(marker('P-102').parentElement as HTMLElement);
    await waitFor(() => expect(screen.getByTestId('map-asset-tooltip').textContent).toContain('Remaining useful life: 30 h (16–40 h)'));
  });

  it('opens the asset page on click', () => {
    renderPlan(healthy);
    fireEvent.click(marker('P-102').parentElement as HTMLElement);
    expect(screen.getByTestId('where').textContent).toBe('/assets/P-102');
  });
});
