import { describe, expect, it } from 'vitest';
import { normalizeRegion, regionName } from './normalize-region';

describe('normalizeRegion', () => {
  it('groups every spelling of a province under its ISO 3166-2 code', () => {
    for (const r of ['Zhejiang', 'zhejiang', ' Zhejiang Province', '浙江', '浙江省', 'ZJ', 'CN-ZJ', 'cn-zj']) expect(normalizeRegion(r), r).toBe('CN-ZJ');
    expect(normalizeRegion('上海市')).toBe('CN-SH');
    expect(normalizeRegion('广西壮族自治区')).toBe('CN-GX');
    expect(normalizeRegion('Inner Mongolia')).toBe('CN-NM');
    expect(normalizeRegion('Hong Kong SAR')).toBe('CN-HK');
  });

  it('keeps other codes and unknown regions, and nothing as null', () => {
    expect(normalizeRegion('us-ca')).toBe('US-CA');
    expect(normalizeRegion('Atlantis')).toBe('Atlantis');
    expect(normalizeRegion('  ')).toBeNull();
    expect(normalizeRegion(null)).toBeNull();
  });

  it('names a code for a person', () => {
    expect(regionName('CN-ZJ', 'en')).toBe('Zhejiang');
    expect(regionName('CN-ZJ', 'zh-CN')).toBe('浙江');
    expect(regionName('US-CA', 'en')).toBe('US-CA');
  });
});
