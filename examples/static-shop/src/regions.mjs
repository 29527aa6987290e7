/**
 * Provinces the shop ships to, with ISO 3166-2 codes. The code is sent to
 * twotier as the order's `region`, so a program rule can match on it.
 */
export const regions = Object.freeze([
  { code: 'CN-ZJ', name: 'Zhejiang 浙江' },
  { code: 'CN-SH', name: 'Shanghai 上海' },
  { code: 'CN-JS', name: 'Jiangsu 江苏' },
  { code: 'CN-BJ', name: 'Beijing 北京' },
  { code: 'CN-GD', name: 'Guangdong 广东' },
  { code: 'CN-FJ', name: 'Fujian 福建' },
  { code: 'CN-SC', name: 'Sichuan 四川' },
  { code: 'CN-YN', name: 'Yunnan 云南' },
]);

/** @param {unknown} code */
export const isRegion = (code) => regions.some((r) => r.code === code);
