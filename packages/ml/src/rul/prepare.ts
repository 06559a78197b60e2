import { MlError } from '../errors';
import { CMAPSS_SENSORS } from './cmapss';
import { RegimeScaler, type RegimeScalerState } from './regime-scaler';
import { RegimeModel, type RegimeOptions, type RegimeState } from './regimes';
import { pickColumns, selectSensors } from './sensors';
import { assertUnitSeries, stackRows, type UnitSeries } from './series';
import { DEFAULT_RUL_CAP, piecewiseRul } from './target';
import { slidingWindows, type PreparedUnit, type WindowSet } from './windows';

export interface RulPreprocessorOptions {
  /** Cap of the piecewise-linear training target (default 125; `Infinity` for a linear target). */
  readonly cap?: number;
  /** Window length W in cycles (default 30, the usual choice for FD001). */
  readonly window?: number;
  /** Names of the sensor columns (default s1..s21 for 21 columns, else x1..xd). */
  readonly sensorNames?: readonly string[];
  /** Sensors to keep, by name; default `'auto'` (`selectSensors`). */
  readonly sensors?: 'auto' | readonly string[];
  /** `selectSensors`' threshold (default 0.95). */
  readonly maxModeShare?: number;
  readonly regimes?: RegimeOptions;
}

/** Plain-JSON state of a fitted `RulPreprocessor`. */
export interface RulPreprocessorState {
  readonly kind: 'rul-preprocessor';
  readonly version: 1;
  readonly cap: number | null;
  readonly window: number;
  readonly sensorNames: string[];
  /** Indices (into `sensorNames`) of the model's features, in order. */
  readonly selected: number[];
  readonly regimes: RegimeState;
  readonly scaler: RegimeScalerState;
}

/**
 * The whole C-MAPSS data preparation as one fitted, serialisable object, so a service applies online exactly what
 * training saw: operating regimes from the settings, sensor selection, per-regime standardisation (all fitted on the
 * training units only), the piecewise-linear target and sliding windows. Features are the selected sensors,
 * standardised within their row's regime.
 */
export class RulPreprocessor {
  private constructor(
    readonly cap: number,
    readonly window: number,
    readonly sensorNames: readonly string[],
    private readonly selected: readonly number[],
    readonly regimes: RegimeModel,
    private readonly scaler: RegimeScaler,
  ) {}

  static fit(train: readonly UnitSeries[], options: RulPreprocessorOptions = {}): RulPreprocessor {
    const { sensors: d } = assertUnitSeries(train, 'training units');
    const { cap = DEFAULT_RUL_CAP, window = 30, maxModeShare = 0.95 } = options;
    if (!(cap > 0)) throw new MlError('ML_BAD_INPUT', `RUL cap ${cap} is not > 0`);
    if (!Number.isInteger(window) || window < 1) throw new MlError('ML_BAD_INPUT', `window ${window} is not a positive integer`);
    const names = options.sensorNames ?? (d === CMAPSS_SENSORS.length ? CMAPSS_SENSORS : Array.from({ length: d }, (_, j) => `x${j + 1}`));
    if (names.length !== d || new Set(names).size !== d) throw new MlError('ML_BAD_INPUT', `sensorNames must be ${d} distinct names`);
    const regimes = RegimeModel.detect(stackRows(train, 'settings'), options.regimes);
    const regimeOf = regimes.assign(stackRows(train, 'settings'));
    const sensors = stackRows(train, 'sensors');
    const wanted = options.sensors ?? 'auto';
    const selected =
      wanted === 'auto' ? selectSensors(sensors, regimeOf, regimes.count, maxModeShare) : wanted.map((n) => indexOf(names, n));
    if (selected.length === 0) throw new MlError('ML_BAD_INPUT', 'no sensor left after selection');
    const scaler = RegimeScaler.fit(pickColumns(sensors, selected), regimeOf, regimes.count);
    return new RulPreprocessor(cap, window, [...names], selected, regimes, scaler);
  }

  /** Names of the model's features, in column order. */
  get features(): string[] {
    return this.selected.map((j) => this.sensorNames[j]!);
  }

  /**
   * Standardised features of each unit; with `withTarget` (run-to-failure units) also the capped target, the unit's
   * `rulAtEnd` (0 when absent) at the last cycle. Fails with ML_BAD_INPUT when the units' widths differ from the
   * training units'.
   */
  transform(units: readonly UnitSeries[], withTarget = false): PreparedUnit[] {
    const { settings, sensors } = assertUnitSeries(units);
    if (settings !== this.regimes.settings || sensors !== this.sensorNames.length)
      throw new MlError(
        'ML_BAD_INPUT',
        `units are ${settings}+${sensors} wide, the preprocessor was fitted on ${this.regimes.settings}+${this.sensorNames.length}`,
      );
    return units.map((u) => {
      const features = this.scaler.transform(pickColumns(u.sensors, this.selected), this.regimes.assign(u.settings));
      const prepared = { unit: u.unit, cycles: u.cycles, features };
      return withTarget ? { ...prepared, target: piecewiseRul(u.cycles, this.cap, u.rulAtEnd ?? 0) } : prepared;
    });
  }

  /** Every full window (stride back from each unit's end) of run-to-failure units, with their capped targets. */
  trainingWindows(units: readonly UnitSeries[], stride = 1): WindowSet {
    return slidingWindows(this.transform(units, true), { length: this.window, stride });
  }

  /**
   * The window ending at each unit's last cycle (short units padded with their first row): what is predicted on a
   * C-MAPSS test file or on an asset's recent history. `rulAtEnd`, when known, fills `target` (uncapped); without it
   * a unit's own `rulAtEnd` does, and a unit without one has target NaN.
   */
  lastWindows(units: readonly UnitSeries[], rulAtEnd?: ArrayLike<number>): WindowSet {
    if (rulAtEnd !== undefined && rulAtEnd.length !== units.length)
      throw new MlError('ML_BAD_INPUT', `${rulAtEnd.length} RUL values for ${units.length} units`);
    const set = slidingWindows(this.transform(units), { length: this.window, lastOnly: true });
    for (let i = 0; i < set.count; i++) set.target[i] = rulAtEnd !== undefined ? rulAtEnd[i]! : (units[i]!.rulAtEnd ?? NaN);
    return set;
  }

  serialize(): RulPreprocessorState {
    return {
      kind: 'rul-preprocessor',
      version: 1,
      cap: Number.isFinite(this.cap) ? this.cap : null,
      window: this.window,
      sensorNames: [...this.sensorNames],
      selected: [...this.selected],
      regimes: this.regimes.serialize(),
      scaler: this.scaler.serialize(),
    };
  }

  /** Rebuilds a fitted preprocessor. Fails with ML_BAD_STATE on anything this version did not write. */
  static fromState(state: RulPreprocessorState): RulPreprocessor {
    const names = state?.sensorNames;
    const ok =
      state?.kind === 'rul-preprocessor' &&
      state.version === 1 &&
      (state.cap === null || (typeof state.cap === 'number' && state.cap > 0 && Number.isFinite(state.cap))) &&
      Number.isInteger(state.window) &&
      state.window >= 1 &&
      Array.isArray(names) &&
      names.every((n) => typeof n === 'string') &&
      Array.isArray(state.selected) &&
      state.selected.length > 0 &&
      state.selected.every((j) => Number.isInteger(j) && j >= 0 && j < names.length);
    if (!ok) throw new MlError('ML_BAD_STATE', 'not a version 1 rul-preprocessor state');
    const regimes = RegimeModel.fromState(state.regimes);
    const scaler = RegimeScaler.fromState(state.scaler);
    if (scaler.regimes !== regimes.count || scaler.columns !== state.selected.length)
      throw new MlError('ML_BAD_STATE', 'rul-preprocessor state: scaler does not match the regimes or the selected sensors');
    return new RulPreprocessor(state.cap ?? Infinity, state.window, [...names], [...state.selected], regimes, scaler);
  }
}

function indexOf(names: readonly string[], name: string): number {
  const j = names.indexOf(name);
  if (j < 0) throw new MlError('ML_BAD_INPUT', `unknown sensor "${name}"`, { sensor: name });
  return j;
}
