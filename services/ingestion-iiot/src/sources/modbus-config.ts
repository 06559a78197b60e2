/**
 * One Modbus TCP device described as data: where it is, how often to poll it, and the register
 * map that turns its 16-bit words into the plant's sensors. Validated once, up front, so that a
 * typo in a plant file is an error message naming the field, never a silently wrong value.
 */
import { z } from 'zod';
import { ASSET_TYPES, SENSOR_KINDS, type AssetType, type SensorKind } from '@vigie/plant-simulator';

export const REGISTER_TABLES = ['holding', 'input', 'coil', 'discrete'] as const;
export const REGISTER_TYPES = ['int16', 'uint16', 'int32', 'uint32', 'float32', 'float64', 'bool'] as const;
export type RegisterTable = (typeof REGISTER_TABLES)[number];
export type RegisterType = (typeof REGISTER_TYPES)[number];

/** Registers one value occupies (a bool occupies one coil or discrete input). */
export const TYPE_WORDS: Readonly<Record<RegisterType, number>> = {
  int16: 1, uint16: 1, int32: 2, uint32: 2, float32: 2, float64: 4, bool: 1,
};

export const isBitTable = (table: RegisterTable): boolean => table === 'coil' || table === 'discrete';

const LAST_ADDRESS = 0xffff;
const order = z.enum(['big', 'little']);

export const ModbusRegisterSchema = z
  .object({
    table: z.enum(REGISTER_TABLES),
    address: z.number().int('an address is an integer').min(0, 'an address is 0..65535').max(LAST_ADDRESS, 'an address is 0..65535'),
    type: z.enum(REGISTER_TYPES),
    /** 'big': most significant word first (ABCD); 'little': least significant word first (CDAB). */
    wordOrder: order.default('big'),
    /** 'big': high byte first inside each word, as the Modbus spec sends it; 'little': swapped (BADC). */
    byteOrder: order.default('big'),
  })
  .superRefine((r, ctx) => {
    if (isBitTable(r.table) && r.type !== 'bool') {
      ctx.addIssue({ code: 'custom', path: ['type'], message: `a ${r.table} holds a single bit: its type must be bool, not ${r.type}` });
    }
    if (!isBitTable(r.table) && r.type === 'bool') {
      ctx.addIssue({ code: 'custom', path: ['type'], message: `bool is for coil and discrete tables; a ${r.table} register holds a 16-bit word` });
    }
    const words = TYPE_WORDS[r.type];
    if (r.address + words - 1 > LAST_ADDRESS) {
      ctx.addIssue({ code: 'custom', path: ['address'], message: `${r.type} needs ${words} registers from ${r.address}, past the last address ${LAST_ADDRESS}` });
    }
  });

// ASSET_TYPES / SENSOR_KINDS are typed as plain readonly arrays; zod needs the element type to infer the enum.
const assetType = z.enum(ASSET_TYPES as readonly AssetType[] as [AssetType, ...AssetType[]]);
const sensorKind = z.enum(SENSOR_KINDS as readonly SensorKind[] as [SensorKind, ...SensorKind[]]);
const id = z.string().min(1).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, underscore and dash only');

export const ModbusPointSchema = z
  .object({
    sensorId: id,
    assetId: id,
    kind: sensorKind,
    unit: z.string().min(1),
    register: ModbusRegisterSchema,
    scale: z.number().refine((s) => s !== 0, 'a scale of 0 would turn every reading into the offset').default(1),
    offset: z.number().default(0),
    min: z.number().optional(),
    max: z.number().optional(),
  })
  .refine((p) => p.min === undefined || p.max === undefined || p.min < p.max, { path: ['max'], message: 'max must be greater than min' });

export const ModbusAssetSchema = z.object({
  id,
  name: z.string().min(1),
  type: assetType,
  site: z.string().min(1),
  area: z.string().min(1),
  line: z.string().min(1),
  location: z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }),
});

export const ModbusDeviceConfigSchema = z
  .object({
    id,
    protocol: z.literal('modbus'),
    host: z.string().min(1, 'a host name or IP address'),
    port: z.number().int().min(1).max(65535).default(502),
    /** 1..247 address a serial unit behind a gateway; 0 and 255 are what many TCP devices answer to. */
    unitId: z.number().int().min(0).max(255, 'a unit id is 0..255').default(1),
    pollIntervalMs: z.number().int().min(10, 'poll no faster than every 10 ms').default(1000),
    timeoutMs: z.number().int().min(1).max(60_000).default(1000),
    assets: z.array(ModbusAssetSchema).min(1, 'a device feeds at least one asset'),
    points: z.array(ModbusPointSchema).min(1, 'a device has at least one point to poll'),
  })
  .superRefine((d, ctx) => {
    const assetIds = new Set<string>();
    d.assets.forEach((a, i) => {
      if (assetIds.has(a.id)) ctx.addIssue({ code: 'custom', path: ['assets', i, 'id'], message: `asset ${a.id} is declared twice` });
      assetIds.add(a.id);
    });
    const sensorIds = new Set<string>();
    d.points.forEach((p, i) => {
      if (sensorIds.has(p.sensorId)) ctx.addIssue({ code: 'custom', path: ['points', i, 'sensorId'], message: `sensor ${p.sensorId} is mapped twice` });
      sensorIds.add(p.sensorId);
      if (!assetIds.has(p.assetId)) ctx.addIssue({ code: 'custom', path: ['points', i, 'assetId'], message: `asset ${p.assetId} is not declared in assets` });
    });
  });

export type ModbusRegister = z.infer<typeof ModbusRegisterSchema>;
export type ModbusPoint = z.infer<typeof ModbusPointSchema>;
export type ModbusAsset = z.infer<typeof ModbusAssetSchema>;
export type ModbusDeviceConfig = z.infer<typeof ModbusDeviceConfigSchema>;
/** What a plant file may omit: every field with a default. */
export type ModbusDeviceInput = z.input<typeof ModbusDeviceConfigSchema>;

/** Parses a device, or throws one Error listing every problem by path (`points[2].register.type: …`). */
export function parseModbusDeviceConfig(raw: unknown): ModbusDeviceConfig {
  const result = ModbusDeviceConfigSchema.safeParse(raw);
  if (result.success) return result.data;
  const where = typeof raw === 'object' && raw !== null && 'id' in raw ? ` ${String(raw.id)}` : '';
  throw new Error(`invalid Modbus device${where}:\n${z.prettifyError(result.error)}`);
}
