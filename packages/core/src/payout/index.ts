export { maskPayoutAccount, maskName, maskEmail, maskMiddle, maskNumber } from './mask';
export type { PayoutDetails, MaskedPayout } from './mask';
