export { startRoundRobinProxy } from './round-robin-proxy';
export type { RoundRobinProxy, RoundRobinProxyOptions } from './round-robin-proxy';
