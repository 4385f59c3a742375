import type { HttpAuthService } from '@backstage/backend-plugin-api';
import {
  entityRefOfKind,
  createCommerceApiRouter,
} from '@internal/plugin-catalog-files-node';
import express from 'express';
import { spec } from './schema/openapi.generated';
import type { CostReportService } from './services/CostReports/types';

/**
 * The cost API (`/api/cost`); the contract, and the checks of every parameter, are
 * src/schema/openapi.yaml (served at `/api/cost/openapi.json`), the shapes are
 * plugins/cost-common/src/api.ts.
 */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  reports: CostReportService;
}): Promise<express.Router> {
  const { httpAuth, reports } = options;
  const router = createCommerceApiRouter(spec);

  router.get('/v1/entities/:kind/:namespace/:name', async (req, res) => {
    res.json(
      await reports.entityReport(req.params, {
        credentials: await httpAuth.credentials(req),
      }),
    );
  });

  router.get('/v1/overview', async (req, res) => {
    const { system, group } = req.query;
    const filter = {
      system:
        system === undefined
          ? undefined
          : entityRefOfKind(
              'system',
              system,
              'system',
              'system:default/commerce-platform',
            ),
      group:
        group === undefined
          ? undefined
          : entityRefOfKind(
              'group',
              group,
              'group',
              'group:default/checkout-team',
            ),
    };
    // Signed-in callers only; the overview itself is the same for all of them (see the service).
    await httpAuth.credentials(req);
    res.json(await reports.overview(filter));
  });

  router.get('/v1/estimates/:serviceKind', async (req, res) => {
    const { environment, region } = req.query;
    res.json(
      await reports.serviceKindEstimate({
        serviceKind: req.params.serviceKind,
        environment,
        region,
      }),
    );
  });

  return router;
}
