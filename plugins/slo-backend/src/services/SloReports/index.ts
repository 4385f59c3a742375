export type { SloReportService } from './types';
export {
  DefaultSloReportService,
  MAX_HISTORY_DAYS,
} from './DefaultSloReportService';
