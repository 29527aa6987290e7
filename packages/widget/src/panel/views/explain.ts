/**
 * A commission's explanation in words (lazy chunk `explain-<hash>.js`, imported
 * by the earnings view): core's `describeCommission`, the one formatter the
 * dashboard uses too (`TEA-LJ-50 × 1：¥168.00 的 15%（规则 tea）`). Its words
 * in both languages are their own chunk, so the earnings view stays small.
 */
export { describeCommission } from '@twotier/core';
