import type { ServiceSpend } from '@internal/plugin-cost-common';

/**
 * Actual spend from Azure Cost Management, by the `service` tag every resource of the platform
 * and of each service carries (infra/main.bicep and the blueprint's infra/main.bicep); or, when
 * Azure is not configured, why not and what to set (the reports are estimates then, and say so).
 */
export type CostManagementService =
  | ConfiguredCostManagement
  | { configured: false; reason: string };

/** Cost Management when `commerce.azure.subscriptionId` is set. */
export interface ConfiguredCostManagement {
  readonly configured: true;
  /** Where actual figures come from, in words, for a report's `source`. */
  describeSource(serviceTag: string): string;
  /** One service's month to date, its trend and top resources. */
  serviceSpend(serviceTag: string): Promise<ServiceSpend>;
  /**
   * The month to date of each tag value, in one query; keys are lower case. A value with no
   * cost this month is absent.
   */
  spendByService(serviceTags: string[]): Promise<Map<string, number>>;
}
