export { roundHalfEven, roundHalfEvenBigInt } from './round';
export { allocateByLargestRemainder } from './allocate';
