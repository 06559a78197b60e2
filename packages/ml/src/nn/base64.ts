import { MlError } from '../errors';

/**
 * Float32 arrays as base64 of their little-endian bytes, for JSON states: exact (no decimal round trip) and ≈ 5.3
 * characters per weight instead of ≈ 20. Uses `btoa`/`atob`, present in browsers and Node ≥ 16 (no Buffer).
 */
export function float32ToBase64(values: Float32Array): string {
  const view = new DataView(new ArrayBuffer(values.length * 4));
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  const bytes = new Uint8Array(view.buffer);
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The inverse of `float32ToBase64`; fails with ML_BAD_STATE on bad base64, a wrong length or a non-finite value. */
export function base64ToFloat32(text: string, length: number, what: string): Float32Array {
  let binary: string;
  try {
    binary = atob(text);
  } catch {
    throw new MlError('ML_BAD_STATE', `${what} is not base64`);
  }
  if (binary.length !== length * 4)
    throw new MlError('ML_BAD_STATE', `${what} holds ${binary.length / 4} float32 values, expected ${length}`);
  const view = new DataView(new ArrayBuffer(binary.length));
  for (let i = 0; i < binary.length; i++) view.setUint8(i, binary.charCodeAt(i));
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    out[i] = view.getFloat32(i * 4, true);
    if (!Number.isFinite(out[i]!)) throw new MlError('ML_BAD_STATE', `${what}[${i}] is ${out[i]}`);
  }
  return out;
}
