import { describe, expect, it } from 'vitest';
import countries110m from 'world-atlas/countries-110m.json';
import { MapError } from '../../src/pages/map/map-error';
import { countriesFromTopology, loadWorldCountries } from '../../src/pages/map/world-basemap';

describe('countriesFromTopology', () => {
  it("converts world-atlas's TopoJSON to one GeoJSON polygon feature per country", () => {
    const fc = countriesFromTopology(countries110m);
    expect(fc.type).toBe('FeatureCollection');
    expect(fc.features.length).toBeGreaterThan(170);
    const france = fc.features.find((f) => f.properties?.name === 'France');
    expect(france?.geometry.type).toBe('MultiPolygon');
  });

  it('rejects anything else with MAP_BASEMAP_INVALID', () => {
    for (const bad of [null, {}, { type: 'FeatureCollection', features: [] }, { type: 'Topology', objects: {} }]) {
      expect(() => countriesFromTopology(bad)).toThrow(MapError);
      expect(() => countriesFromTopology(bad)).toThrow(expect.objectContaining({ code: 'MAP_BASEMAP_INVALID' }));
    }
  });
});

describe('loadWorldCountries', () => {
  it('loads the bundled 1:50m countries once and reuses them', async () => {
    const first = await loadWorldCountries();
    expect(first.features.length).toBeGreaterThan(230);
    expect(first.features.some((f) => f.properties?.name === 'France')).toBe(true);
    expect(await loadWorldCountries()).toBe(first);
  });
});
