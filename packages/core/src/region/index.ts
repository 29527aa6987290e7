export { normalizeRegion, regionName } from './normalize-region';
