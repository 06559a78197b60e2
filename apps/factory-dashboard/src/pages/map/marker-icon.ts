import { divIcon, type DivIcon } from 'leaflet';
import { markerHtml, type MarkerIconSpec } from './marker-html';

/**
 * A Leaflet divIcon: drawn by us, so Leaflet never fetches its default marker PNGs (nothing may leave localhost, and
 * a missing image would be a failed request). Its size stays constant on screen whatever the zoom.
 */
export function markerIcon(spec: MarkerIconSpec): DivIcon {
  const d = spec.style.diameter;
  return divIcon({ className: 'vigie-map-marker', html: markerHtml(spec), iconSize: [d, d], iconAnchor: [d / 2, d / 2] });
}
