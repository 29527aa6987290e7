/**
 * Node flags `twotier serve` runs with. A 64 MB young generation (Node's
 * default is 16 MB on 64-bit) lets the short-lived objects of each request
 * die young with fewer collections. Two servers alternating slices at 200
 * connections, the request log on: 1.12× the clicks/s with the flag, where
 * an A/A run of the same harness shows 1.03× (so about 1.09×); peak resident
 * memory under that load 263 MB instead of 182 MB. A flag already given, on the command line or in
 * NODE_OPTIONS, wins (`NODE_OPTIONS=--max-semi-space-size=16` keeps Node's
 * default).
 */
export const SERVE_NODE_FLAGS = ['--max-semi-space-size=64'];

/** The flags of {@link SERVE_NODE_FLAGS} that neither `execArgv` nor `nodeOptions` sets. */
export function missingServeFlags(execArgv = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? '') {
  const name = (flag) => flag.split('=')[0].replaceAll('_', '-');
  const given = new Set([...execArgv, ...nodeOptions.split(/\s+/)].filter(Boolean).map(name));
  return SERVE_NODE_FLAGS.filter((flag) => !given.has(name(flag)));
}
