/**
 * Regions as ISO 3166-2 codes with readable names. Shops send a province as
 * `Zhejiang`, `浙江省`, `ZJ` or `CN-ZJ`; every figure groups by one code.
 * China's subdivisions are known by name (English and Chinese); any other
 * ISO 3166-2 code (`US-CA`) is kept as it is, upper-cased.
 */

// code, English name, Chinese name (ISO 3166-2:CN, the 2017 letter codes)
const CN: [string, string, string][] = [
  ['AH', 'Anhui', '安徽'], ['BJ', 'Beijing', '北京'], ['CQ', 'Chongqing', '重庆'], ['FJ', 'Fujian', '福建'], ['GD', 'Guangdong', '广东'],
  ['GS', 'Gansu', '甘肃'], ['GX', 'Guangxi', '广西'], ['GZ', 'Guizhou', '贵州'], ['HA', 'Henan', '河南'], ['HB', 'Hubei', '湖北'],
  ['HE', 'Hebei', '河北'], ['HI', 'Hainan', '海南'], ['HK', 'Hong Kong', '香港'], ['HL', 'Heilongjiang', '黑龙江'], ['HN', 'Hunan', '湖南'],
  ['JL', 'Jilin', '吉林'], ['JS', 'Jiangsu', '江苏'], ['JX', 'Jiangxi', '江西'], ['LN', 'Liaoning', '辽宁'], ['MO', 'Macao', '澳门'],
  ['NM', 'Inner Mongolia', '内蒙古'], ['NX', 'Ningxia', '宁夏'], ['QH', 'Qinghai', '青海'], ['SC', 'Sichuan', '四川'], ['SD', 'Shandong', '山东'],
  ['SH', 'Shanghai', '上海'], ['SN', 'Shaanxi', '陕西'], ['SX', 'Shanxi', '山西'], ['TJ', 'Tianjin', '天津'], ['TW', 'Taiwan', '台湾'],
  ['XJ', 'Xinjiang', '新疆'], ['XZ', 'Tibet', '西藏'], ['YN', 'Yunnan', '云南'], ['ZJ', 'Zhejiang', '浙江'],
];

const byKey = new Map<string, string>();
for (const [code, en, zh] of CN) {
  for (const k of [code, `CN-${code}`, en, zh]) byKey.set(k.toUpperCase().replace(/\s+/g, ''), `CN-${code}`);
}
// what shops also write: the official suffixes dropped below, and a few other spellings
byKey.set('XIZANG', 'CN-XZ');
byKey.set('NEIMONGOL', 'CN-NM');
byKey.set('NEIMENGGU', 'CN-NM');
byKey.set('MACAU', 'CN-MO');

const SUFFIX = /(省|市|自治区|壮族自治区|回族自治区|维吾尔自治区|特别行政区|PROVINCE|MUNICIPALITY|SAR|AUTONOMOUSREGION)$/;

/**
 * The ISO 3166-2 code of a region as a shop wrote it, or `null` for nothing.
 * A region it does not know is kept, trimmed, so no sale is lost from a figure.
 *
 * @example
 * normalizeRegion('Zhejiang') // 'CN-ZJ'
 * normalizeRegion('浙江省')    // 'CN-ZJ'
 * normalizeRegion('cn-zj')    // 'CN-ZJ'
 * normalizeRegion('US-CA')    // 'US-CA'
 */
export function normalizeRegion(region: string | null | undefined): string | null {
  if (region === null || region === undefined) return null;
  const text = region.trim();
  if (!text) return null;
  const key = text.toUpperCase().replace(/[\s_.-]+/g, (m) => (m.includes('-') ? '-' : ''));
  const found = byKey.get(key) ?? byKey.get(key.replace(SUFFIX, '')) ?? byKey.get(key.replace(/^CN-?/, ''));
  if (found) return found;
  if (/^[A-Z]{2}-[A-Z0-9]{1,3}$/.test(key)) return key;
  return text;
}

/**
 * A readable name of a region code in `locale` (`CN-ZJ` → `Zhejiang`, `浙江`);
 * codes it does not know are returned as they are.
 */
export function regionName(code: string, locale: string): string {
  const m = /^CN-([A-Z]{2})$/.exec(code);
  const row = m ? CN.find((r) => r[0] === m[1]) : undefined;
  if (!row) return code;
  return /^zh/i.test(locale) ? row[2] : row[1];
}
