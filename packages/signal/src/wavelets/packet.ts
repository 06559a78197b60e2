import { dwtAt, dwtLength } from './dwt';
import { filterBank, type WaveletName } from './filters';

/**
 * Full wavelet-packet tree down to `level`, as pywt.WaveletPacket(x, wavelet, mode='symmetric', maxlevel=level):
 * every node, approximation and detail alike, is split again with the same single-level DWT. Level ℓ holds its 2^ℓ
 * nodes back to back in natural order (paths sorted with 'a' < 'd'; node i has path bits i, MSB first, a = 0), so
 * node 0 is a_ℓ and node 1 is d_ℓ of wavedec — the extractor takes its wavedec coefficients from here.
 * The buffers are reused between calls with the same shape: read them before the next call.
 */
export interface PacketTree {
  /** levels[ℓ − 1]: 2^ℓ nodes of nodeLength[ℓ − 1] coefficients each. */
  readonly levels: Float64Array[];
  readonly nodeLength: number[];
}

const trees = new Map<string, PacketTree>();
/** The tree of the previous call, found without building the map key (one string per call). */
let last: { n: number; L: number; level: number; tree: PacketTree } | undefined;

export function waveletPacketTree(x: Float64Array, wavelet: WaveletName, level: number): PacketTree {
  const bank = filterBank(wavelet);
  const L = bank.decLo.length;
  if (!Number.isInteger(level) || level < 1) throw new RangeError('wavelet packet level must be ≥ 1');
  let tree = last !== undefined && last.n === x.length && last.L === L && last.level === level ? last.tree : undefined;
  if (tree === undefined) {
    const key = `${x.length}/${L}/${level}`;
    tree = trees.get(key);
    if (tree === undefined) {
      const levels: Float64Array[] = [];
      const nodeLength: number[] = [];
      for (let lv = 1, len = x.length; lv <= level; lv++) {
        len = dwtLength(len, L);
        nodeLength.push(len);
        levels.push(new Float64Array((1 << lv) * len));
      }
      trees.set(key, (tree = { levels, nodeLength }));
    }
    last = { n: x.length, L, level, tree };
  }
  let parentLevel: Float64Array = x;
  let parentLen = x.length;
  for (let lv = 0; lv < level; lv++) {
    const next = tree.levels[lv]!;
    const m = tree.nodeLength[lv]!;
    for (let i = 0; i < 1 << lv; i++) dwtAt(parentLevel, i * parentLen, parentLen, bank, next, 2 * i * m, next, (2 * i + 1) * m);
    parentLevel = next;
    parentLen = m;
  }
  return tree;
}

/** Σ c² of each node of the tree's deepest level (pywt get_level(level, 'natural')): 2^level energies. */
export function packetEnergiesInto(tree: PacketTree, out: Float64Array, offset = 0): void {
  const deepest = tree.levels[tree.levels.length - 1]!;
  const len = tree.nodeLength[tree.nodeLength.length - 1]!;
  const count = deepest.length / len;
  for (let i = 0; i < count; i++) {
    let e = 0;
    for (let k = i * len, end = k + len; k < end; k++) e += deepest[k]! * deepest[k]!;
    out[offset + i] = e;
  }
}

export function waveletPacketEnergies(x: ArrayLike<number>, wavelet: WaveletName, level: number): Float64Array {
  const tree = waveletPacketTree(x instanceof Float64Array ? x : Float64Array.from(x), wavelet, level);
  const energies = new Float64Array(1 << level);
  packetEnergiesInto(tree, energies);
  return energies;
}
