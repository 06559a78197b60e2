import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRulesFile } from '../src/adapters/rules-file';
import { DEFAULT_OPTIONS, PipelineRules, PreprocessingConfigError, resolveOptions } from '../src/domain/options';

const rules = PipelineRules.parse({
  defaults: { latenessMs: 500 },
  units: { '°C': { hampel: { enabled: false }, range: { min: -10, max: 150 } } },
  kinds: { vibration: { flatLine: { samples: 50 } } },
  sensors: { 'P-1.vibration': { flatLine: { epsilon: 0.01 }, detrend: { enabled: true } } },
});

describe('pipeline options', () => {
  it('layers built-in defaults < defaults < unit < kind < sensor < override', () => {
    const o = resolveOptions(rules, { sensorId: 'P-1.vibration', unit: 'mm/s' }, { latenessMs: 0 });
    expect(o.latenessMs).toBe(0);
    expect(o.range).toEqual({ min: 0, max: 200 });
    expect(o.flatLine).toEqual({ enabled: true, samples: 50, epsilon: 0.01 });
    expect(o.detrend.enabled).toBe(true);
    expect(o.hampel).toEqual(DEFAULT_OPTIONS.hampel);
    const t = resolveOptions(rules, { sensorId: 'P-1.temperature', unit: '°C' });
    expect([t.latenessMs, t.hampel.enabled, t.range, t.flatLine.samples]).toEqual([500, false, { min: -10, max: 150 }, 20]);
    expect(resolveOptions(rules, { sensorId: 'X', unit: 'furlongs' }).range).toBeNull();
  });

  it('keeps Butterworth and detrend off and the rest on by default', () => {
    const o = resolveOptions(PipelineRules.parse({}), { sensorId: 'a.b', unit: 'mm/s' });
    expect([o.hampel.enabled, o.flatLine.enabled, o.resample.enabled, o.butterworth.enabled, o.detrend.enabled]).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
  });

  it('refuses a filter that cannot run, with the path and the filter code', () => {
    const at = (override: Parameters<typeof resolveOptions>[2]) => {
      try {
        resolveOptions(PipelineRules.parse({}), { sensorId: 'a', unit: 'g' }, override);
      } catch (err) {
        expect(err).toBeInstanceOf(PreprocessingConfigError);
        return (err as PreprocessingConfigError).issues[0];
      }
      throw new Error('no error');
    };
    expect(at({ butterworth: { enabled: true } })).toMatchObject({ path: 'butterworth.cutoffHz' });
    expect(at({ butterworth: { enabled: true, type: 'bandpass', cutoffHz: 3 } })?.message).toMatch(/\[low, high\]/);
    expect(at({ butterworth: { enabled: true, cutoffHz: 600 }, resample: { periodMs: 1 } })).toMatchObject({
      code: 'FILTER_CUTOFF_INVALID',
    });
  });

  it('reads a YAML rules file and names the file and the field of a mistake', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pp-rules-'));
    const good = path.join(dir, 'good.yaml');
    writeFileSync(
      good,
      'defaults:\n  latenessMs: 250\nsensors:\n  F-1.vibration:\n    butterworth: { enabled: true, type: highpass, cutoffHz: 0.01 }\n',
    );
    expect((await loadRulesFile(good)).defaults.latenessMs).toBe(250);
    const typo = path.join(dir, 'typo.yaml');
    writeFileSync(typo, 'defaults:\n  hampel: { halfWindow: 0 }\n');
    await expect(loadRulesFile(typo)).rejects.toThrow(/typo\.yaml.*halfWindow/);
    const unknown = path.join(dir, 'unknown.json');
    writeFileSync(unknown, '{"sensors": {"a.b": {"smooth": true}}}');
    await expect(loadRulesFile(unknown)).rejects.toThrow(/unknown\.json/);
    const cannot = path.join(dir, 'cannot.yaml');
    writeFileSync(cannot, 'kinds:\n  vibration:\n    butterworth: { enabled: true, type: bandpass, cutoffHz: 5 }\n');
    await expect(loadRulesFile(cannot)).rejects.toThrow(/kinds\.vibration\.butterworth\.cutoffHz/);
  });
});
