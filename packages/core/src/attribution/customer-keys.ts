/**
 * The keys a customer is known by, strongest first: the shop's customer id
 * (`c:42`), the email in lower case (`e:li@lanxi.example`), the visitor id
 * (`v:0vH4…`). A binding is kept under each key, and a customer is
 * returning when any key has an earlier order ({@link customerStatus}); an
 * order is stored under its first key.
 *
 * @example
 * customerKeys({ id: '42', email: 'Li@Lanxi.example' }, 'v1') // ['c:42', 'e:li@lanxi.example', 'v:v1']
 * customerKeys(undefined, null)                               // []
 */
export function customerKeys(customer: { id?: string | undefined; email?: string | undefined } | null | undefined, visitorId?: string | null): string[] {
  const keys: string[] = [];
  if (customer?.id) keys.push(`c:${customer.id}`);
  if (customer?.email) keys.push(`e:${customer.email.toLowerCase()}`);
  if (visitorId) keys.push(`v:${visitorId}`);
  return keys;
}
