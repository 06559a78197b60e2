// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import type { AssetHealth } from '@vigie/contracts';
import { I18nProvider } from '../../src/i18n/i18n';
import { MapLegend } from '../../src/pages/map/MapLegend';
import { summariseSites } from '../../src/pages/map/site-summary';
import { UnlocatedAssets } from '../../src/pages/map/UnlocatedAssets';
import { WorldView } from '../../src/pages/map/WorldView';
import { asset } from '../fixtures';

afterEach(cleanup);

const ASSETS: readonly AssetHealth[] = [
  asset({ id: 'A-1', site: 'Lyon Gerland', status: 'ok', latitude: 45.73, longitude: 4.83 }),
  asset({ id: 'A-2', site: 'Lyon Gerland', status: 'warning', latitude: 45.74, longitude: 4.84 }),
  asset({ id: 'B-1', site: 'Gdańsk/Port', status: 'ok', latitude: 54.35, longitude: 18.65 }),
  asset({ id: 'Z-9', name: 'Spare pump', site: 'Gdańsk/Port', status: 'alarm', latitude: null, longitude: null }),
];

function Where() {
  const { pathname } = useLocation();
  return <div data-testid="where">{pathname}</div>;
}

function renderAt(element: React.ReactNode, language: 'en' | 'fr' = 'en') {
  return render(
    <I18nProvider language={language}>
      <MemoryRouter initialEntries={['/map']}>
        <Routes>
          <Route path="/map" element={<div style={{ width: 1000, height: 700 }}>{element}</div>} />
          <Route path="*" element={<Where />} />
        </Routes>
      </MemoryRouter>
    </I18nProvider>,
  );
}

const siteMarker = (site: string): HTMLElement => {
  const found = screen.getAllByTestId('map-site').find((el) => el.dataset.site === site);
  if (found === undefined) throw new Error(`no marker for ${site}`);
  return found;
};

describe('WorldView', () => {
  it('puts one marker per located site, coloured by its worst asset (unlocated ones included)', () => {
    renderAt(<WorldView sites={summariseSites(ASSETS).sites} />);
    expect(screen.getAllByTestId('map-site')).toHaveLength(2);
    expect(siteMarker('Lyon Gerland').dataset.health).toBe('warning');
    expect(siteMarker('Gdańsk/Port').dataset.health).toBe('alarm');
  });

  it('draws the bundled country outlines under the markers once loaded', async () => {
    const { container } = renderAt(<WorldView sites={summariseSites(ASSETS).sites} />);
    await waitFor(() => expect(screen.getByTestId('map-world').dataset.basemap).toBe('ready'), { timeout: 10_000 });
    expect(container.querySelectorAll('.leaflet-overlay-pane path').length).toBeGreaterThan(100);
    expect(screen.getByText('Basemap: Natural Earth (world-atlas), bundled')).toBeTruthy();
  });

  it("opens the site's floor plan on click, with the site name URL-encoded", () => {
    renderAt(<WorldView sites={summariseSites(ASSETS).sites} />);
    fireEvent.click(siteMarker('Gdańsk/Port').parentElement as HTMLElement);
    expect(screen.getByTestId('where').textContent).toBe(`/map/${encodeURIComponent('Gdańsk/Port')}`);
  });
});

describe('UnlocatedAssets', () => {
  it('lists the assets the map cannot place, linking to their pages', () => {
    renderAt(<UnlocatedAssets assets={summariseSites(ASSETS).unlocated} />);
    const list = screen.getByTestId('map-unlocated');
    expect(within(list).getByText('Assets not located (1)')).toBeTruthy();
    const item = within(list).getByTestId('map-unlocated-asset');
    expect(item.textContent).toBe('Z-9 · Spare pump · Gdańsk/Port');
    fireEvent.click(item);
    expect(screen.getByTestId('where').textContent).toBe('/assets/Z-9');
  });

  it('renders nothing when every asset is located', () => {
    renderAt(<UnlocatedAssets assets={[]} />);
    expect(screen.queryByTestId('map-unlocated')).toBeNull();
  });
});

describe('MapLegend', () => {
  it('explains the health colours, and the criticality rings only where they are drawn', () => {
    const { unmount } = renderAt(<MapLegend criticality={false} />, 'fr');
    const legend = screen.getByTestId('map-legend');
    for (const label of ['Normal', 'Avertissement', 'Alarme', 'Inconnu']) expect(within(legend).getByText(label)).toBeTruthy();
    expect(within(legend).queryByText('Critique')).toBeNull();
    unmount();
    renderAt(<MapLegend criticality />, 'en');
    for (const label of ['Critical', 'High', 'Medium', 'Low', 'No current anomaly'])
      expect(within(screen.getByTestId('map-legend')).getByText(label)).toBeTruthy();
  });
});
