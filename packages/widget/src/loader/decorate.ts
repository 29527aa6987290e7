/**
 * Passes the visitor to the shop's checkout without code changes: hidden
 * inputs in `form[data-twotier]`, `client_reference_id` on Stripe Payment
 * Links and Buy Buttons / Pricing Tables.
 */

/** Adds or updates a hidden input `name` in `form`. */
const hidden = (form: HTMLFormElement, name: string, value: string | null) => {
  let input = form.querySelector<HTMLInputElement>(`input[name="${name}"]`);
  if (!input) {
    input = form.ownerDocument.createElement('input');
    input.type = 'hidden';
    input.name = name;
    form.appendChild(input);
  }
  input.value = value || '';
};

/**
 * Decorates every target under `root` with the visitor id and referral code.
 * Stripe's `client_reference_id` carries the visitor id (the server looks the
 * referral up from it).
 */
export const decorate = (root: ParentNode, visitorId: string, code: string | null): void => {
  root.querySelectorAll<HTMLFormElement>('form[data-twotier]').forEach((f) => {
    hidden(f, 'twotier_vid', visitorId);
    hidden(f, 'twotier_ref', code);
  });
  root.querySelectorAll<HTMLAnchorElement>('a[href^="https://buy.stripe.com/"]').forEach((a) => {
    const u = new URL(a.href);
    u.searchParams.set('client_reference_id', visitorId);
    a.href = u.href;
  });
  root.querySelectorAll('stripe-buy-button,stripe-pricing-table').forEach((b) => b.setAttribute('client-reference-id', visitorId));
};
