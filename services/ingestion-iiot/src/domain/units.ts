import type { Reading } from '@vigie/plant-simulator';

/**
 * Affine conversions to the units Vigie declares sensors in (value_declared = value · factor + offset). Sources
 * report what the device speaks (°F from a US PLC, in/s from a vibration transmitter, psi…); the pipeline stores
 * one unit per sensor, so a reading is converted at the edge or, when no conversion is known, kept out.
 */
const TO_CANONICAL: Readonly<Record<string, { unit: string; factor: number; offset: number }>> = {
  '°F': { unit: '°C', factor: 5 / 9, offset: -32 * (5 / 9) },
  degF: { unit: '°C', factor: 5 / 9, offset: -32 * (5 / 9) },
  K: { unit: '°C', factor: 1, offset: -273.15 },
  degC: { unit: '°C', factor: 1, offset: 0 },
  'in/s': { unit: 'mm/s', factor: 25.4, offset: 0 },
  'm/s': { unit: 'mm/s', factor: 1000, offset: 0 },
  psi: { unit: 'bar', factor: 0.0689475729, offset: 0 },
  kPa: { unit: 'bar', factor: 0.01, offset: 0 },
  MPa: { unit: 'bar', factor: 10, offset: 0 },
  Pa: { unit: 'bar', factor: 1e-5, offset: 0 },
  'l/s': { unit: 'm3/h', factor: 3.6, offset: 0 },
  'l/min': { unit: 'm3/h', factor: 0.06, offset: 0 },
  gpm: { unit: 'm3/h', factor: 0.227124707, offset: 0 },
  mA: { unit: 'A', factor: 0.001, offset: 0 },
  Hz: { unit: 'rpm', factor: 60, offset: 0 },
};

/** Converts `value` from `from` to `to`, through the canonical unit; null when no conversion is known. */
export function convert(value: number, from: string, to: string): number | null {
  if (from === to) return value;
  const a = TO_CANONICAL[from] ?? { unit: from, factor: 1, offset: 0 };
  const b = TO_CANONICAL[to] ?? { unit: to, factor: 1, offset: 0 };
  if (a.unit !== b.unit) return null;
  const canonical = value * a.factor + a.offset;
  return (canonical - b.offset) / b.factor;
}

export type NormalizeOutcome = { reading: Reading; converted: boolean } | { reading: Reading; unconvertible: string };

/**
 * Puts a reading in its sensor's declared unit. A unit with no known conversion yields a bad-quality gap (value
 * null) in the declared unit: a number in the wrong unit stored as if right would be worse than a visible gap.
 */
export function normalizeReading(reading: Reading, declaredUnit: string | undefined): NormalizeOutcome {
  if (!declaredUnit || reading.unit === declaredUnit) return { reading, converted: false };
  if (reading.value === null) return { reading: { ...reading, unit: declaredUnit }, converted: true };
  const value = convert(reading.value, reading.unit, declaredUnit);
  if (value === null) {
    return { reading: { ...reading, unit: declaredUnit, value: null, quality: 'bad' }, unconvertible: `${reading.unit} → ${declaredUnit}` };
  }
  return { reading: { ...reading, unit: declaredUnit, value }, converted: true };
}
