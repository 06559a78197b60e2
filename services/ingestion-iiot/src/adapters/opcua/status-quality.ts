/**
 * OPC UA status codes → sample quality. Part 4 §7.39 puts the severity in the two top bits of
 * every StatusCode: 00 Good, 01 Uncertain, 10 Bad (11 reserved, read as Bad). Sub-codes and
 * info bits (GoodClamped, UncertainLastUsableValue, Good with the Overflow bit…) keep their
 * severity, so the mapping needs no list of names and is right for codes added later:
 *   Good*      → 'good'       value kept
 *   Uncertain* → 'uncertain'  value kept (the server still vouches for a number, with doubt)
 *   Bad*       → 'bad'        value null (whatever the server sent is not a measurement)
 */
import { StatusCodes, type DataValue, type StatusCode } from 'node-opcua';
import type { Quality, Reading } from '@vigie/plant-simulator';
import type { SourceNode } from './types';

export function qualityOf(status: StatusCode): Quality {
  const severity = status.value >>> 30;
  if (severity === 0) return 'good';
  return severity === 1 ? 'uncertain' : 'bad';
}

/** Status codes a server uses before its variable ever held a measurement: not a reading. */
export function isPlaceholder(status: StatusCode): boolean {
  const code = status.value;
  return code === StatusCodes.BadWaitingForInitialData.value || code === StatusCodes.UncertainInitialValue.value;
}

/**
 * Codes that say the node itself cannot be read (wrong id, wrong attribute, no right to read),
 * as opposed to a sensor reporting a bad measurement. Such a node is reported and skipped.
 */
const NODE_ERRORS = new Set(
  [
    StatusCodes.BadNodeIdUnknown, StatusCodes.BadNodeIdInvalid, StatusCodes.BadAttributeIdInvalid,
    StatusCodes.BadNotReadable, StatusCodes.BadUserAccessDenied, StatusCodes.BadIndexRangeInvalid,
    StatusCodes.BadDataEncodingInvalid, StatusCodes.BadDataEncodingUnsupported, StatusCodes.BadMonitoredItemFilterUnsupported,
    StatusCodes.BadFilterNotAllowed, StatusCodes.BadNotSupported,
  ].map((s) => s.value),
);

export function isNodeError(status: StatusCode): boolean {
  // Compare without info bits: the node errors above never carry any, but be robust to servers that set them.
  return NODE_ERRORS.has((status.value & 0xffff0000) >>> 0);
}

/**
 * A number from the variant value, or null when it is not one. Booleans become 0/1 (a
 * running/stopped flag is a sensor too), 64-bit integers arrive as [high, low] words.
 */
export function numericValue(raw: unknown): number | null {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : null;
  if (typeof raw === 'boolean') return raw ? 1 : 0;
  if (typeof raw === 'bigint') return Number(raw);
  if (Array.isArray(raw) && raw.length === 2 && raw.every((w) => typeof w === 'number')) {
    const [high, low] = raw as [number, number];
    return high * 2 ** 32 + (low >>> 0);
  }
  return null;
}

/** A reading from one DataValue; the timestamp is the source's, the server's when the source has none. */
export function toReading(node: SourceNode, dataValue: DataValue): Reading {
  const quality = qualityOf(dataValue.statusCode);
  const value = quality === 'bad' ? null : numericValue(dataValue.value.value);
  return {
    assetId: node.assetId,
    sensorId: node.sensorId,
    ts: (dataValue.sourceTimestamp ?? dataValue.serverTimestamp ?? new Date()).getTime(),
    value,
    unit: node.unit,
    // A Good status around a value that is not a number (a string, an array) is no measurement.
    quality: value === null && quality !== 'bad' ? 'bad' : quality,
  };
}
