// Turkish tax numbers for tests, E2E runs and benchmarks: made up, with the check digits computed by
// the VKN and TCKN rules (contract/src/tax-ids.ts), so they pass validation without meaning anyone.

/** A company's VKN (10 digits) that passes the check digit. */
export const TEST_VKN = '4820159375';
/** A second valid VKN, for a second Turkish company. */
export const TEST_VKN_2 = '7302641588';
/** A valid VKN for the seller of sample invoices. */
export const TEST_SELLER_VKN = '6153928400';
/** An individual's TCKN (11 digits) that passes both check digits. */
export const TEST_TCKN = '28473091554';
