import { describe, expect, it } from 'vitest';
import { escapeHtml, markerHtml } from '../../src/pages/map/marker-html';
import { criticalityColour, currentCriticality, healthColour, markerStyle } from '../../src/pages/map/marker-style';
import { hmi } from '../../src/theme';
import { anomaly } from '../fixtures';

describe('marker colours', () => {
  it('maps each health state to its HMI status colour', () => {
    expect(healthColour('ok')).toBe(hmi.ok);
    expect(healthColour('warning')).toBe(hmi.warn);
    expect(healthColour('alarm')).toBe(hmi.alarm);
    expect(healthColour('unknown')).toBe(hmi.neutral);
  });

  it('gives every state a distinct colour', () => {
    const colours = new Set((['ok', 'warning', 'alarm', 'unknown'] as const).map(healthColour));
    expect(colours.size).toBe(4);
  });

  it('rings by criticality, the ring and the marker growing with it', () => {
    expect(criticalityColour('critical')).toBe(hmi.critical);
    expect(criticalityColour('high')).toBe(hmi.alarm);
    const sizes = (['low', 'medium', 'high', 'critical'] as const).map((c) => markerStyle('alarm', c));
    for (let i = 1; i < sizes.length; i++) {
      expect(sizes[i]?.diameter).toBeGreaterThan(sizes[i - 1]?.diameter as number);
      expect(sizes[i]?.ringWidth).toBeGreaterThan(sizes[i - 1]?.ringWidth as number);
    }
    const plain = markerStyle('ok', null);
    expect(plain.diameter).toBeLessThan(sizes[0]?.diameter as number);
    expect(plain.fill).toBe(hmi.ok);
  });
});

describe('currentCriticality', () => {
  const last = anomaly({ anomalyId: 'a1', criticality: 'high' });
  it("is the last anomaly's while the asset is in warning or alarm", () => {
    expect(currentCriticality({ status: 'alarm', lastAnomaly: last })).toBe('high');
    expect(currentCriticality({ status: 'warning', lastAnomaly: last })).toBe('high');
  });
  it('is none once the asset is back to ok or silent, or when it never had an anomaly', () => {
    expect(currentCriticality({ status: 'ok', lastAnomaly: last })).toBeNull();
    expect(currentCriticality({ status: 'unknown', lastAnomaly: last })).toBeNull();
    expect(currentCriticality({ status: 'warning', lastAnomaly: null })).toBeNull();
  });
});

describe('markerHtml', () => {
  it('carries the data attributes, escaped, and the label', () => {
    const html = markerHtml({
      style: markerStyle('warning', 'medium'),
      label: 'A<1>',
      data: { testid: 'map-asset', 'asset-id': 'A"1', health: 'warning' },
    });
    expect(html).toContain('data-testid="map-asset"');
    expect(html).toContain('data-asset-id="A&quot;1"');
    expect(html).toContain('data-health="warning"');
    expect(html).toContain('A&lt;1&gt;');
    expect(html).toContain(hmi.warn);
  });
  it('escapes every HTML metacharacter', () => {
    expect(escapeHtml(`<a href='x'>&"</a>`)).toBe('&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;');
  });
});
