export { encodeQr } from './encode-qr';
export type { QrCode } from './encode-qr';
