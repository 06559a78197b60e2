/**
 * Rolling-element bearing defect frequencies from geometry (stationary outer race, rotating inner race):
 *   FTF  = fr/2 · (1 − (d/D)·cos φ)                 cage (fundamental train)
 *   BPFO = n·fr/2 · (1 − (d/D)·cos φ)               ball pass, outer race
 *   BPFI = n·fr/2 · (1 + (d/D)·cos φ)               ball pass, inner race
 *   BSF  = D/(2d) · fr · (1 − ((d/D)·cos φ)²)        ball spin
 * n balls, d ball diameter, D pitch diameter (same unit), φ contact angle in radians, fr shaft speed in Hz.
 */
export interface BearingGeometry {
  balls: number;
  ballDiameter: number;
  pitchDiameter: number;
  /** radians */
  contactAngle: number;
}

export interface DefectFrequencies {
  bpfo: number;
  bpfi: number;
  bsf: number;
  ftf: number;
}

/** SKF 6205-2RS JEM, the CWRU drive-end bearing (inches). */
export const CWRU_DRIVE_END_BEARING: Readonly<BearingGeometry> = Object.freeze({
  balls: 9,
  ballDiameter: 0.3126,
  pitchDiameter: 1.537,
  contactAngle: 0,
});

export function bearingDefectFrequencies(g: BearingGeometry, shaftHz: number): DefectFrequencies {
  if (!(g.balls > 0 && g.ballDiameter > 0 && g.pitchDiameter > g.ballDiameter)) {
    throw new RangeError('bearing geometry needs balls > 0 and 0 < ballDiameter < pitchDiameter');
  }
  const r = (g.ballDiameter / g.pitchDiameter) * Math.cos(g.contactAngle);
  return {
    bpfo: ((g.balls * shaftHz) / 2) * (1 - r),
    bpfi: ((g.balls * shaftHz) / 2) * (1 + r),
    bsf: (g.pitchDiameter / (2 * g.ballDiameter)) * shaftHz * (1 - r * r),
    ftf: (shaftHz / 2) * (1 - r),
  };
}
