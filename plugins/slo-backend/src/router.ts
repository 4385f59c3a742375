import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { createCommerceApiRouter } from '@internal/plugin-catalog-files-node';
import express from 'express';
import { spec } from './schema/openapi.generated';
import type { SloReportService } from './services/SloReports';

/** `days` as a number; the document's pattern lets only 1 to 90 through. */
function daysOf(query: { days?: string }): number | undefined {
  return query.days === undefined ? undefined : Number(query.days);
}

/**
 * The SLO API: `/v1/entities/:kind/:namespace/:name`, its `/history` and `/histories`. The
 * contract, and the checks of every parameter, are src/schema/openapi.yaml (served at
 * `/api/slo/openapi.json`).
 */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  sloReports: SloReportService;
}): Promise<express.Router> {
  const { httpAuth, sloReports } = options;
  const router = createCommerceApiRouter(spec);

  router.get('/v1/entities/:kind/:namespace/:name', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    res.json(await sloReports.getReport(req.params, { credentials }));
  });

  router.get(
    '/v1/entities/:kind/:namespace/:name/history',
    async (req, res) => {
      const { slo } = req.query;
      const days = daysOf(req.query);
      const credentials = await httpAuth.credentials(req);
      res.json(
        await sloReports.getHistory(req.params, { slo, days }, { credentials }),
      );
    },
  );

  // Every objective's history at once: the SLO tab shows them all.
  router.get(
    '/v1/entities/:kind/:namespace/:name/histories',
    async (req, res) => {
      const days = daysOf(req.query);
      const credentials = await httpAuth.credentials(req);
      res.json(
        await sloReports.getHistories(req.params, { days }, { credentials }),
      );
    },
  );

  return router;
}
