import { useEffect, useState } from 'react';
import type { FeatureCollection, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import { MapError } from './map-error';

export type Countries = FeatureCollection<Geometry>;
type CountriesTopology = Topology<{ countries: GeometryCollection; land: GeometryCollection }>;

/** TopoJSON (world-atlas) → GeoJSON features Leaflet can draw. */
export function countriesFromTopology(topology: unknown): Countries {
  const t = topology as CountriesTopology;
  if (t?.type !== 'Topology' || t.objects?.countries === undefined)
    throw new MapError('MAP_BASEMAP_INVALID', 'not a world-atlas countries topology');
  return feature(t, t.objects.countries) as Countries;
}

let pending: Promise<Countries> | null = null;

/**
 * The world's countries (Natural Earth 1:50m from world-atlas), bundled by Vite as a chunk of its own and loaded
 * from the dashboard's server only when the world map is shown: never from a tile server or the internet, and the
 * floor plans (the view left open on a wall screen) do not pay for its ~240 KB gzip. 1:50m rather than 1:110m keeps
 * coastlines and borders readable at the zoom a plant's region is shown at.
 */
export function loadWorldCountries(): Promise<Countries> {
  pending ??= import('world-atlas/countries-50m.json').then(
    (module) => countriesFromTopology(module.default),
    (error: unknown) => {
      pending = null; // a failed chunk load is retried the next time the map is shown
      throw error;
    },
  );
  return pending;
}

export type BasemapState = { readonly countries: Countries | null; readonly error: string | null };

/** The basemap once loaded; markers are shown meanwhile, so the live state never waits for the geography. */
export function useWorldCountries(): BasemapState {
  const [state, setState] = useState<BasemapState>({ countries: null, error: null });
  useEffect(() => {
    let live = true;
    loadWorldCountries().then(
      (countries) => live && setState({ countries, error: null }),
      (error: unknown) => {
        console.error('[map] the world basemap could not be loaded', error);
        if (live) setState({ countries: null, error: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      live = false;
    };
  }, []);
  return state;
}
