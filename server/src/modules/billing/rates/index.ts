// Public surface of the TCMB exchange-rate part of billing.
export { perUnit, toTryMinor, usdToMinor } from './fx.math.ts';
export { expectedBulletinDate, isStale } from './rates.calendar.ts';
export {
  createRatesService,
  FX_REFRESH_CRON,
  FX_REFRESH_JOB,
  type FxQuote,
  type RatesService,
  type RatesServiceDeps,
  type RateType,
  type RefreshCheck,
  type SeedResult,
} from './rates.service.ts';
export { TcmbFetchError } from './tcmb.client.ts';
export { BulletinParseError, type ParsedBulletin, type ParsedRate, parseBulletin } from './tcmb.parse.ts';
