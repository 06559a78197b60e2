import { describe, expect, it } from 'vitest';
import { isLocated, summariseSites, worstHealth } from '../../src/pages/map/site-summary';
import { asset } from '../fixtures';

describe('worstHealth', () => {
  it('ranks alarm over warning over unknown over ok', () => {
    expect(worstHealth(['ok', 'warning', 'unknown'])).toBe('warning');
    expect(worstHealth(['ok', 'alarm', 'warning'])).toBe('alarm');
    expect(worstHealth(['ok', 'unknown'])).toBe('unknown');
    expect(worstHealth(['ok', 'ok'])).toBe('ok');
  });

  it('is ok for no asset at all', () => {
    expect(worstHealth([])).toBe('ok');
  });
});

describe('summariseSites', () => {
  it('groups assets by site with the mean of their coordinates as position', () => {
    const { sites } = summariseSites([
      asset({ id: 'A', site: 'Lyon', latitude: 45.0, longitude: 4.0 }),
      asset({ id: 'B', site: 'Lyon', latitude: 46.0, longitude: 5.0 }),
      asset({ id: 'C', site: 'Gdansk', latitude: 54.35, longitude: 18.65 }),
    ]);
    expect(sites.map((s) => s.site)).toEqual(['Gdansk', 'Lyon']);
    const lyon = sites[1];
    expect(lyon?.position?.latitude).toBeCloseTo(45.5, 10);
    expect(lyon?.position?.longitude).toBeCloseTo(4.5, 10);
    expect(lyon?.assets).toBe(2);
    expect(lyon?.located).toBe(2);
  });

  it('colours a site by its worst asset, counting every state', () => {
    const { sites } = summariseSites([
      asset({ id: 'A', site: 'Lyon', status: 'ok', latitude: 45, longitude: 4 }),
      asset({ id: 'B', site: 'Lyon', status: 'alarm', latitude: 45, longitude: 4 }),
      asset({ id: 'C', site: 'Lyon', status: 'warning', latitude: 45, longitude: 4 }),
      asset({ id: 'D', site: 'Lyon', status: 'ok', latitude: 45, longitude: 4 }),
    ]);
    expect(sites[0]?.worst).toBe('alarm');
    expect(sites[0]?.counts).toEqual({ alarm: 1, warning: 1, unknown: 0, ok: 2 });
  });

  it('lists assets without coordinates as unlocated, keeps them in their site counts but not in its position', () => {
    const { sites, unlocated } = summariseSites([
      asset({ id: 'A', site: 'Lyon', latitude: 45, longitude: 4 }),
      asset({ id: 'B', site: 'Lyon', status: 'alarm', latitude: null, longitude: null }),
    ]);
    expect(unlocated.map((a) => a.id)).toEqual(['B']);
    expect(sites[0]).toMatchObject({ assets: 2, located: 1, worst: 'alarm', position: { latitude: 45, longitude: 4 } });
  });

  it('gives a site whose assets all lack coordinates no position', () => {
    const { sites, unlocated } = summariseSites([asset({ id: 'A', site: 'Nowhere', latitude: null, longitude: 3 })]);
    expect(sites).toEqual([expect.objectContaining({ site: 'Nowhere', position: null, located: 0 })]);
    expect(unlocated.map((a) => a.id)).toEqual(['A']);
  });

  it('keeps assets with no site (not described yet) out of every site, as unlocated', () => {
    const { sites, unlocated } = summariseSites([asset({ id: 'X', site: '', latitude: 45, longitude: 4 })]);
    expect(sites).toEqual([]);
    expect(unlocated.map((a) => a.id)).toEqual(['X']);
  });

  it('treats out-of-range or non-finite coordinates as missing', () => {
    expect(isLocated({ site: 'S', latitude: 91, longitude: 0 })).toBe(false);
    expect(isLocated({ site: 'S', latitude: 0, longitude: Number.NaN })).toBe(false);
    expect(isLocated({ site: 'S', latitude: -90, longitude: 180 })).toBe(true);
    expect(isLocated({ site: 'S', latitude: 0, longitude: 0 })).toBe(true);
  });
});
