import { describe, expect, it } from 'vitest';
import { buildModbusCatalog, pointRange } from '../src/sources/modbus-catalog';
import { ModbusDeviceConfigSchema, parseModbusDeviceConfig, type ModbusDeviceInput } from '../src/sources/modbus-config';

type ModbusRegisterInput = ModbusDeviceInput['points'][number]['register'];

const asset = { id: 'P-101', name: 'Cooling water pump A', type: 'centrifugal-pump', site: 'Lyon', area: 'Utilities', line: 'Loop 1', location: { lat: 45.73, lon: 4.83 } } as const;
const device = (patch: Partial<ModbusDeviceInput> = {}): ModbusDeviceInput => ({
  id: 'plc-1', protocol: 'modbus', host: '127.0.0.1', assets: [asset],
  points: [{ sensorId: 'P-101.temperature', assetId: 'P-101', kind: 'temperature', unit: '°C', register: { table: 'holding', address: 0, type: 'int16' }, scale: 0.1 }],
  ...patch,
});
// `register` stays loosely typed: these tests feed the schema what a hand-written plant file might hold.
const point = (register: object, extra: object = {}) => ({ sensorId: 'P-101.vibration', assetId: 'P-101', kind: 'vibration' as const, unit: 'mm/s', register: register as ModbusRegisterInput, ...extra });

/** The messages zod reports, each prefixed by its path, e.g. `points.0.register.type: …`. */
function problems(raw: unknown): string[] {
  const result = ModbusDeviceConfigSchema.safeParse(raw);
  if (result.success) return [];
  return result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

describe('Modbus device config', () => {
  it('applies the documented defaults', () => {
    const config = parseModbusDeviceConfig(device());
    expect(config).toMatchObject({ port: 502, unitId: 1, pollIntervalMs: 1000, timeoutMs: 1000 });
    expect(config.points[0]).toMatchObject({ scale: 0.1, offset: 0, register: { wordOrder: 'big', byteOrder: 'big' } });
  });

  it('rejects addresses outside 0..65535 and values that run past the last register', () => {
    expect(problems(device({ points: [point({ table: 'holding', address: 70000, type: 'int16' })] }))).toContain('points.0.register.address: an address is 0..65535');
    expect(problems(device({ points: [point({ table: 'holding', address: -1, type: 'int16' })] }))).toContain('points.0.register.address: an address is 0..65535');
    expect(problems(device({ points: [point({ table: 'input', address: 65535, type: 'float32' })] }))).toEqual([
      'points.0.register.address: float32 needs 2 registers from 65535, past the last address 65535',
    ]);
    expect(problems(device({ points: [point({ table: 'input', address: 65533, type: 'float64' })] }))).toEqual([
      'points.0.register.address: float64 needs 4 registers from 65533, past the last address 65535',
    ]);
    expect(problems(device({ points: [point({ table: 'input', address: 65532, type: 'float64' })] }))).toEqual([]);
  });

  it('allows bool only on coils and discrete inputs, and only bool there', () => {
    expect(problems(device({ points: [point({ table: 'holding', address: 0, type: 'bool' })] }))).toEqual([
      'points.0.register.type: bool is for coil and discrete tables; a holding register holds a 16-bit word',
    ]);
    expect(problems(device({ points: [point({ table: 'coil', address: 0, type: 'float32' })] }))).toEqual([
      'points.0.register.type: a coil holds a single bit: its type must be bool, not float32',
    ]);
    expect(problems(device({ points: [point({ table: 'discrete', address: 7, type: 'bool' })] }))).toEqual([]);
  });

  it('rejects unknown tables, types and orders, a zero scale, and an inverted range', () => {
    expect(problems(device({ points: [point({ table: 'holdings', address: 0, type: 'int16' })] }))[0]).toMatch(/^points\.0\.register\.table: .*"holding"/);
    expect(problems(device({ points: [point({ table: 'holding', address: 0, type: 'int64' })] }))[0]).toMatch(/^points\.0\.register\.type: /);
    expect(problems(device({ points: [point({ table: 'holding', address: 0, type: 'int32', wordOrder: 'middle' })] }))[0]).toMatch(/^points\.0\.register\.wordOrder: /);
    expect(problems(device({ points: [point({ table: 'holding', address: 0, type: 'int16' }, { scale: 0 })] }))).toEqual([
      'points.0.scale: a scale of 0 would turn every reading into the offset',
    ]);
    expect(problems(device({ points: [point({ table: 'holding', address: 0, type: 'int16' }, { min: 10, max: 5 })] }))).toEqual(['points.0.max: max must be greater than min']);
  });

  it('checks the device as a whole: unit id, interval, duplicate sensors, undeclared assets', () => {
    expect(problems(device({ unitId: 300 }))).toEqual(['unitId: a unit id is 0..255']);
    expect(problems(device({ pollIntervalMs: 1 }))).toEqual(['pollIntervalMs: poll no faster than every 10 ms']);
    const temp = device().points[0];
    expect(problems(device({ points: [temp!, temp!] }))).toEqual(['points.1.sensorId: sensor P-101.temperature is mapped twice']);
    expect(problems(device({ points: [{ ...temp!, assetId: 'P-999' }] }))).toEqual(['points.0.assetId: asset P-999 is not declared in assets']);
    expect(problems(device({ assets: [{ ...asset, type: 'pump' as 'fan' }] }))[0]).toMatch(/^assets\.0\.type: /);
  });

  it('throws one error naming the device and every problem', () => {
    expect(() => parseModbusDeviceConfig(device({ port: 0, points: [point({ table: 'coil', address: 0, type: 'int16' })] })))
      .toThrow(/invalid Modbus device plc-1:[\s\S]*port[\s\S]*a coil holds a single bit/);
  });
});

describe('Modbus catalog', () => {
  it('lists each declared asset with its mapped sensors', () => {
    const config = parseModbusDeviceConfig(device({ pollIntervalMs: 500 }));
    expect(buildModbusCatalog(config)).toEqual([{
      ...asset, sensors: [{ id: 'P-101.temperature', kind: 'temperature', unit: '°C', min: -32768 * 0.1, max: 32767 * 0.1, samplingHz: 2 }],
    }]);
  });

  it('takes the configured range, else what the type can represent after scale and offset', () => {
    const [p] = parseModbusDeviceConfig(device({ points: [point({ table: 'input', address: 0, type: 'uint16' }, { scale: -0.5, offset: 10 })] })).points;
    expect(pointRange(p!)).toEqual({ min: 10 - 0.5 * 65535, max: 10 });
    const [q] = parseModbusDeviceConfig(device({ points: [point({ table: 'input', address: 0, type: 'float64' }, { scale: 10, min: 0, max: 25 })] })).points;
    expect(pointRange(q!)).toEqual({ min: 0, max: 25 });
  });
});
