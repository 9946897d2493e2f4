import { studentTQuantile } from './t-distribution';

/** The 97.5 % point of the standard normal: two-sided 95 % intervals. */
export const Z_95 = 1.959963984540054;

export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

/** Wilson score interval (no continuity correction) for x successes of n, 95 %. n = 0 → [0, 1] around 0. */
export function wilsonInterval(x: number, n: number, z: number = Z_95): Interval {
  if (!(n >= 0) || x < 0 || x > n) throw new RangeError('need 0 ≤ x ≤ n');
  if (n === 0) return { estimate: 0, low: 0, high: 1 };
  const p = x / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const spread = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  const denominator = 1 + z2 / n;
  // Exact ends at 0 and n (floating point would give ±1e-17).
  const low = x === 0 ? 0 : (centre - spread) / denominator;
  const high = x === n ? 1 : (centre + spread) / denominator;
  return { estimate: p, low, high };
}

/**
 * Newcombe's hybrid score interval (1998, method 10) for p1 − p2 from two independent proportions:
 * the Wilson limits of each proportion combined by the square-and-add rule.
 */
export function newcombeInterval(x1: number, n1: number, x2: number, n2: number, z: number = Z_95): Interval {
  const a = wilsonInterval(x1, n1, z);
  const b = wilsonInterval(x2, n2, z);
  const diff = a.estimate - b.estimate;
  const low = diff - Math.sqrt((a.estimate - a.low) ** 2 + (b.high - b.estimate) ** 2);
  const high = diff + Math.sqrt((a.high - a.estimate) ** 2 + (b.estimate - b.low) ** 2);
  return { estimate: diff, low, high };
}

export interface SampleSummary {
  n: number;
  mean: number;
  /** Sample variance (n − 1 denominator). */
  variance: number;
}

/** Mean and sample variance of `values` (Welford, stable). */
export function summarize(values: readonly number[]): SampleSummary {
  let mean = 0;
  let m2 = 0;
  values.forEach((value, index) => {
    const delta = value - mean;
    mean += delta / (index + 1);
    m2 += delta * (value - mean);
  });
  return { n: values.length, mean, variance: values.length > 1 ? m2 / (values.length - 1) : 0 };
}

export interface WelchInterval extends Interval {
  /** Welch–Satterthwaite degrees of freedom. */
  df: number;
  standardError: number;
}

/**
 * Welch's t interval (95 %) for mean1 − mean2 with unequal variances; df by Welch–Satterthwaite. Each sample
 * needs n ≥ 2; with both variances 0 the interval is the point itself.
 */
export function welchInterval(a: SampleSummary, b: SampleSummary, confidence = 0.95): WelchInterval {
  if (a.n < 2 || b.n < 2) throw new RangeError('each sample needs at least 2 values');
  const va = a.variance / a.n;
  const vb = b.variance / b.n;
  const se = Math.sqrt(va + vb);
  const diff = a.mean - b.mean;
  if (se === 0) return { estimate: diff, low: diff, high: diff, df: a.n + b.n - 2, standardError: 0 };
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  const t = studentTQuantile(1 - (1 - confidence) / 2, df);
  return { estimate: diff, low: diff - t * se, high: diff + t * se, df, standardError: se };
}
