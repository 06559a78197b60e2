/**
 * Natural logarithm for the extractor's entropy and flatness sums (≈1,500 logarithms per 1,024-sample window, a
 * sixth of its time with Math.log, which V8 calls out of line). Small enough to be inlined into those loops:
 *   x = 2ᵏ·z with z ∈ [1, 2); c = centre of the 1/512-wide cell of z picked by its top 9 mantissa bits;
 *   ln x = k·ln 2 + ln c + ln(1 + r),  r = (z − c)/c,  |r| ≤ 2⁻¹⁰,
 * with ln c tabulated (3 × 512 doubles) and ln(1 + r) by its Taylor series to r⁵ (truncation < 2⁻⁶²). z − c is
 * exact and r carries one rounding, so the result stays within 2⁻⁵²·(|ln x| + 1) of Math.log(x) (checked on 2·10⁷
 * arguments over the whole range): a few ulps, not correctly rounded — ample for sums of p·ln p compared to 1e-6,
 * and not meant for more. Zero, negative, subnormal, infinite and NaN arguments go to Math.log.
 */
const CELL_BITS = 9;
const CELLS = 1 << CELL_BITS;

const bits = new Float64Array(1);
/** The high 32 bits (sign, exponent, top of the mantissa) of bits[0], on either byte order. */
const highWord = new Int32Array(bits.buffer, new Uint16Array(Uint8Array.of(1, 0).buffer)[0] === 1 ? 4 : 0, 1);

const centre = new Float64Array(CELLS);
const inverseCentre = new Float64Array(CELLS);
const logCentre = new Float64Array(CELLS);
for (let j = 0; j < CELLS; j++) {
  centre[j] = 1 + (j + 0.5) / CELLS;
  inverseCentre[j] = 1 / centre[j]!;
  logCentre[j] = Math.log(centre[j]!);
}

/** unscale[k + 1023] = 2⁻ᵏ for the exponents k of normal numbers. */
const unscale = new Float64Array(2047);
for (let k = -1022; k <= 1023; k++) unscale[k + 1023] = 2 ** -k;

export function fastLog(x: number): number {
  bits[0] = x;
  const hi = highWord[0]!;
  if (hi < 0x00100000 || hi >= 0x7ff00000) return Math.log(x); // ≤ 0, subnormal, ∞, NaN
  const k = (hi >> 20) - 1023;
  const j = (hi >> (20 - CELL_BITS)) & (CELLS - 1);
  const r = (x * unscale[k + 1023]! - centre[j]!) * inverseCentre[j]!;
  const series = r - r * r * (1 / 2 - r * (1 / 3 - r * (1 / 4 - r / 5)));
  return k * Math.LN2 + (logCentre[j]! + series);
}
