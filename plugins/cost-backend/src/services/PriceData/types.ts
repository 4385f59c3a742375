import type {
  PlatformEstimate,
  PriceSheet,
} from '@internal/plugin-cost-common';

/**
 * Where a file or folder is: on disk (locally, the repository checkout) or at a URL the
 * backend's UrlReader can read (in production, the portal repository on GitHub), with the
 * config key that sets it, for messages.
 */
export type DataLocation =
  | { file: string; setting: string }
  | { url: string; setting: string };

/** The price sheet, or why it cannot be used (each report then carries that problem). */
export type PriceSheetResult =
  | { sheet: PriceSheet; file: string }
  | { problem: string };

/** The shared platform's estimate, or why there is none. */
export type PlatformEstimateResult =
  | { estimate: PlatformEstimate; source: string }
  | { problem: string };

/**
 * Where prices and the platform's parameters come from. Never throws for a broken or missing
 * file: it says what is wrong, so the reports can show it instead of failing.
 */
export interface PriceDataService {
  priceSheet(): Promise<PriceSheetResult>;
  /** The shared platform (infra/main.<environment>.bicepparam) priced with the sheet. */
  platformEstimate(environment: string): Promise<PlatformEstimateResult>;
}
