/**
 * Rolling-element bearing kinematics. A defect on a race or ball is struck once per passage of
 * a rolling element, so its energy shows up at a frequency fixed by geometry and shaft speed:
 *   FTF  = (f_r / 2)·(1 − (d/D)·cos φ)                 cage (fundamental train)
 *   BPFO = (n / 2)·f_r·(1 − (d/D)·cos φ)               ball pass, outer race
 *   BPFI = (n / 2)·f_r·(1 + (d/D)·cos φ)               ball pass, inner race
 *   BSF  = (D / 2d)·f_r·(1 − ((d/D)·cos φ)²)           ball spin
 * with n rolling elements of diameter d on pitch diameter D, contact angle φ, shaft at f_r Hz.
 */
export interface BearingGeometry {
  /** Designation, for documentation only. */
  name: string;
  rollingElements: number;
  /** Rolling element diameter d, mm. */
  ballDiameterMm: number;
  /** Pitch diameter D, mm. */
  pitchDiameterMm: number;
  /** Contact angle φ, degrees (0 for a deep-groove ball bearing under radial load). */
  contactAngleDeg: number;
}

export interface DefectFrequencies {
  ftf: number;
  bpfo: number;
  bpfi: number;
  bsf: number;
}

/** Defect frequencies in Hz for a shaft turning at `rpm`. */
export function defectFrequencies(bearing: BearingGeometry, rpm: number): DefectFrequencies {
  const fr = rpm / 60;
  const ratio = (bearing.ballDiameterMm / bearing.pitchDiameterMm) * Math.cos((bearing.contactAngleDeg * Math.PI) / 180);
  const n = bearing.rollingElements;
  return {
    ftf: (fr / 2) * (1 - ratio),
    bpfo: (n / 2) * fr * (1 - ratio),
    bpfi: (n / 2) * fr * (1 + ratio),
    bsf: (bearing.pitchDiameterMm / (2 * bearing.ballDiameterMm)) * fr * (1 - ratio * ratio),
  };
}

/** Catalogue geometries (ball/roller and pitch diameters as published for these series). */
export const BEARINGS = {
  '6205': { name: '6205', rollingElements: 9, ballDiameterMm: 7.94, pitchDiameterMm: 39.04, contactAngleDeg: 0 },
  '6308': { name: '6308', rollingElements: 8, ballDiameterMm: 15.08, pitchDiameterMm: 65, contactAngleDeg: 0 },
  '6309': { name: '6309', rollingElements: 8, ballDiameterMm: 17.46, pitchDiameterMm: 72.5, contactAngleDeg: 0 },
  '6310': { name: '6310', rollingElements: 8, ballDiameterMm: 19.05, pitchDiameterMm: 80, contactAngleDeg: 0 },
  '6312': { name: '6312', rollingElements: 8, ballDiameterMm: 22.23, pitchDiameterMm: 95, contactAngleDeg: 0 },
  '7310': { name: '7310 BEP', rollingElements: 13, ballDiameterMm: 17.46, pitchDiameterMm: 80, contactAngleDeg: 40 },
  '22216': { name: '22216 E', rollingElements: 17, ballDiameterMm: 20, pitchDiameterMm: 112.5, contactAngleDeg: 10 },
  '32210': { name: '32210', rollingElements: 19, ballDiameterMm: 12.5, pitchDiameterMm: 70, contactAngleDeg: 15 },
} as const satisfies Record<string, BearingGeometry>;
