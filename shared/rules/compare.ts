import type { Comparison } from './ruleset-schema';

/**
 * Rates arrive as floating-point fractions (57/60, 0.1 * 9.5…); a figure that equals the threshold on paper
 * must compare as equal, so differences below this tolerance count as equality.
 */
const tolerance = 1e-9;

export function compare(value: number, op: Comparison, threshold: number): boolean {
  switch (op) {
    case 'gte':
      return value >= threshold - tolerance;
    case 'gt':
      return value > threshold + tolerance;
    case 'lte':
      return value <= threshold + tolerance;
    case 'lt':
      return value < threshold - tolerance;
  }
}

/** Chinese wording of a comparison's outcome: "达到 95%" / "低于 95%", "超过 50%" / "未超过 50%". */
export function comparisonWord(op: Comparison, passed: boolean): string {
  switch (op) {
    case 'gte':
      return passed ? '达到' : '低于';
    case 'gt':
      return passed ? '超过' : '未超过';
    case 'lte':
      return passed ? '未超过' : '超过';
    case 'lt':
      return passed ? '低于' : '不低于';
  }
}

/** 0.965 → "96.5%", 0.9349 → "93.49%": up to two decimals, no trailing zeros. */
export function formatRate(value: number): string {
  return `${formatNumber(value * 100)}%`;
}

export function formatNumber(value: number): string {
  return String(Number(value.toFixed(2)));
}
