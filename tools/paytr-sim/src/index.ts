// Public surface of the simulator: start it, and sign or forge PayTR messages independently of the platform.
export { ERR } from './api-merchant.ts';
export {
  DECLINE_CARD,
  LIMIT_MESSAGE,
  SUCCESS_CARDS,
  TEST_CVC,
  THREE_DS_FAIL_CARD,
  VERIFY_FAILED_MESSAGE,
} from './cards.ts';
export {
  type CallbackInput,
  callbackMessage,
  capiDeleteMessage,
  capiListMessage,
  directPaymentMessage,
  encodeBasket,
  iframeTokenMessage,
  refundMessage,
  type SigningSecrets,
  type SimCredentials,
  signedCallback,
  signWith,
  simSign,
  simVerify,
  statusInquiryMessage,
  transactionListMessage,
  type Wire,
} from './hash.ts';
export { installmentTotal } from './money.ts';
export { ABANDONED_CODE } from './payments.ts';
export { startPaytrSim } from './server.ts';
export type {
  CallbackAttempt,
  Order,
  PaytrSim,
  PaytrSimOptions,
  Refund,
  ReportExtra,
  ReportTamper,
  SimConfig,
  SimPayInput,
  SimPayResult,
} from './types.ts';
