import { hmi } from '../../theme';
import type { MarkerStyle } from './marker-style';

export interface MarkerIconSpec {
  readonly style: MarkerStyle;
  /** Short text under the dot (asset id, site name). */
  readonly label: string;
  /** `data-*` attributes of the dot, e.g. `{ testid: 'map-asset', 'asset-id': 'P-101', health: 'ok' }`. */
  readonly data: Readonly<Record<string, string>>;
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);

/** The dot's markup: a disc in the health colour, ringed in the criticality colour, with a label under it. */
export function markerHtml({ style, label, data }: MarkerIconSpec): string {
  const attrs = Object.entries(data)
    .map(([name, value]) => `data-${name}="${escapeHtml(value)}"`)
    .join(' ');
  const d = style.diameter;
  // A white gap (border) then the criticality ring (shadow), so a red ring stays visible around a red dot.
  const inner = d - 2 * style.ringWidth;
  const ring = style.ringWidth > 0 ? `0 0 0 ${style.ringWidth}px ${style.ring},` : '';
  const dot =
    `width:${inner}px;height:${inner}px;margin:${style.ringWidth}px;box-sizing:border-box;border-radius:50%;background:${style.fill};` +
    `border:2px solid ${hmi.surface};box-shadow:${ring}0 1px 4px ${style.ringWidth + 1}px rgba(0,0,0,.35);cursor:pointer`;
  const text =
    `position:absolute;top:${d + 2}px;left:50%;transform:translateX(-50%);white-space:nowrap;font:600 11px/1.2 system-ui,sans-serif;` +
    `color:${hmi.text};text-shadow:0 0 2px ${hmi.surface},0 0 2px ${hmi.surface};pointer-events:none`;
  return `<div ${attrs} style="${dot}"></div><span style="${text}">${escapeHtml(label)}</span>`;
}
