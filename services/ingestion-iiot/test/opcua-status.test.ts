import { ConstantStatusCode, DataType, DataValue, StatusCode, StatusCodes, Variant, resolveNodeId } from 'node-opcua';
import { describe, expect, it } from 'vitest';
import { isNodeError, numericValue, qualityOf, resolveSecurity, toReading } from '../src/adapters/opcua-source';

const node = { nodeId: resolveNodeId('ns=2;s=Pump.Temperature'), assetId: 'P-1', sensorId: 'P-1.temperature', unit: '°C' };
const at = new Date(Date.UTC(2026, 0, 5, 8));
const dv = (statusCode: StatusCode, value: Variant = new Variant({ dataType: DataType.Double, value: 42.5 })) =>
  new DataValue({ value, statusCode, sourceTimestamp: at, serverTimestamp: new Date(at.getTime() + 5) });

describe('OPC UA status code → quality', () => {
  // Real codes a PLC or gateway sends, with what Vigie stores for each.
  const table: [StatusCode, 'good' | 'uncertain' | 'bad', number | null, boolean][] = [
    // status                                   quality       value   node error (skipped)
    [StatusCodes.Good, 'good', 42.5, false],
    [StatusCodes.GoodClamped, 'good', 42.5, false],
    [StatusCodes.GoodLocalOverride, 'good', 42.5, false],
    [StatusCode.makeStatusCode(StatusCodes.Good, 'Overflow'), 'good', 42.5, false],
    [StatusCodes.Uncertain, 'uncertain', 42.5, false],
    [StatusCodes.UncertainLastUsableValue, 'uncertain', 42.5, false],
    [StatusCodes.UncertainSensorNotAccurate, 'uncertain', 42.5, false],
    [StatusCodes.UncertainEngineeringUnitsExceeded, 'uncertain', 42.5, false],
    [StatusCodes.UncertainSubstituteValue, 'uncertain', 42.5, false],
    [StatusCodes.BadSensorFailure, 'bad', null, false],
    [StatusCodes.BadCommunicationError, 'bad', null, false],
    [StatusCodes.BadDeviceFailure, 'bad', null, false],
    [StatusCodes.BadOutOfService, 'bad', null, false],
    [StatusCodes.BadNoCommunication, 'bad', null, false],
    [StatusCodes.BadNodeIdUnknown, 'bad', null, true],
    [StatusCodes.BadNotReadable, 'bad', null, true],
    [StatusCodes.BadUserAccessDenied, 'bad', null, true],
    [StatusCodes.BadAttributeIdInvalid, 'bad', null, true],
  ];

  it.each(table.map(([s, q, v, e]) => [s.name, q, s, v, e] as const))('%s → %s', (_name, quality, status, value, nodeError) => {
    expect(qualityOf(status)).toBe(quality);
    expect(isNodeError(status)).toBe(nodeError);
    const reading = toReading(node, dv(status));
    expect(reading).toEqual({ assetId: 'P-1', sensorId: 'P-1.temperature', ts: at.getTime(), value, unit: '°C', quality });
  });

  it('keeps the severity of codes it has never heard of (top two bits)', () => {
    expect(qualityOf(StatusCode.makeStatusCode(StatusCodes.Good, 'StructureChanged'))).toBe('good');
    const vendor = (value: number) => new ConstantStatusCode({ value, name: 'VendorSpecific', description: '' });
    expect(qualityOf(vendor(0x40ab0000))).toBe('uncertain');
    expect(qualityOf(vendor(0x80fe0000))).toBe('bad');
    expect(qualityOf(vendor(0xc0000000))).toBe('bad'); // severity 11 is reserved: not a measurement
  });

  it('turns numbers of every OPC UA type into a value, and anything else into a bad reading', () => {
    expect(numericValue(3)).toBe(3);
    expect(numericValue(true)).toBe(1);
    expect(numericValue([1, 5])).toBe(2 ** 32 + 5);
    expect(numericValue(Number.NaN)).toBeNull();
    expect(numericValue('12')).toBeNull();
    const text = toReading(node, dv(StatusCodes.Good, new Variant({ dataType: DataType.String, value: 'on' })));
    expect(text).toMatchObject({ value: null, quality: 'bad' });
  });

  it('falls back to the server timestamp when the source gives none', () => {
    const value = new DataValue({ value: new Variant({ dataType: DataType.Float, value: 1.5 }), serverTimestamp: at });
    expect(toReading(node, value)).toMatchObject({ ts: at.getTime(), value: 1.5, quality: 'good' });
  });

  it('validates security settings before connecting', () => {
    expect(resolveSecurity({})).toEqual({ mode: 'None', policy: 'None' });
    expect(resolveSecurity({ securityMode: 'SignAndEncrypt' })).toEqual({ mode: 'SignAndEncrypt', policy: 'Basic256Sha256' });
    expect(resolveSecurity({ securityMode: 'Sign', securityPolicy: 'Aes256_Sha256_RsaPss' })).toEqual({ mode: 'Sign', policy: 'Aes256_Sha256_RsaPss' });
    expect(() => resolveSecurity({ securityMode: 'Sign', securityPolicy: 'None' })).toThrow(/cannot be used/);
    expect(() => resolveSecurity({ securityPolicy: 'Basic256Sha256' })).toThrow(/cannot be used/);
  });
});
