/**
 * msw 3 and its interceptors use Node ≥ 22 built-ins (Promise.withResolvers,
 * the Set methods); the project runs on Node 20, so tests add them first.
 */
const define = (target: object, name: string, value: unknown) => {
  if (!(name in target)) Object.defineProperty(target, name, { configurable: true, writable: true, value });
};

define(Promise, 'withResolvers', function withResolvers<T>() {
  let resolve!: (value: T | PromiseLike<T>) => void;
  let reject!: (reason?: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
});

type Setish = { has(v: unknown): boolean; keys(): Iterator<unknown> };
const items = (other: Setish): unknown[] => [...{ [Symbol.iterator]: () => other.keys() }];
const proto = Set.prototype as unknown as Record<string, unknown>;
define(proto, 'intersection', function (this: Set<unknown>, o: Setish) {
  return new Set([...this].filter((v) => o.has(v)));
});
define(proto, 'union', function (this: Set<unknown>, o: Setish) {
  return new Set([...this, ...items(o)]);
});
define(proto, 'difference', function (this: Set<unknown>, o: Setish) {
  return new Set([...this].filter((v) => !o.has(v)));
});
define(proto, 'symmetricDifference', function (this: Set<unknown>, o: Setish) {
  const other = items(o);
  return new Set([...[...this].filter((v) => !o.has(v)), ...other.filter((v) => !this.has(v))]);
});
define(proto, 'isSubsetOf', function (this: Set<unknown>, o: Setish) {
  return [...this].every((v) => o.has(v));
});
define(proto, 'isSupersetOf', function (this: Set<unknown>, o: Setish) {
  return items(o).every((v) => this.has(v));
});
define(proto, 'isDisjointFrom', function (this: Set<unknown>, o: Setish) {
  return [...this].every((v) => !o.has(v));
});

export {};
