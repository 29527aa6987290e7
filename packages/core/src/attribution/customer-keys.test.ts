import { describe, expect, it } from 'vitest';
import { customerKeys } from './customer-keys';

describe('customerKeys', () => {
  it('lists the shop id, the email (lower case) and the visitor, strongest first', () => {
    expect(customerKeys({ id: '42', email: 'Li@Lanxi.Example' }, 'v1')).toEqual(['c:42', 'e:li@lanxi.example', 'v:v1']);
    expect(customerKeys({ email: 'a@b.example' })).toEqual(['e:a@b.example']);
    expect(customerKeys(undefined, 'v1')).toEqual(['v:v1']);
  });

  it('has no key for what is missing or empty', () => {
    expect(customerKeys(undefined)).toEqual([]);
    expect(customerKeys(null, null)).toEqual([]);
    expect(customerKeys({ id: '', email: '' }, '')).toEqual([]);
  });
});
