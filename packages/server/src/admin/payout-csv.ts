/** The dashboard's mass-pay files are the payout files of the API (payouts/payout-files.ts). */
export { PAYOUT_FORMATS, buildPayoutFile, payoutFileHeaders, type PayoutFormat } from '../payouts/payout-files';
