/** Stable codes of the plant map's errors (bad input to its pure functions). */
export type MapErrorCode = 'MAP_DUPLICATE_ASSET' | 'MAP_BASEMAP_INVALID';

export class MapError extends Error {
  constructor(
    readonly code: MapErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'MapError';
  }
}
