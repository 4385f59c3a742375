import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  entityRefParam,
  parseQuery,
} from '@internal/plugin-catalog-files-node';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import type { CostReportService } from './services/CostReports/types';

const estimateQuery = z.object({
  environment: z
    .string()
    .regex(
      /^[a-z][a-z0-9-]*$/,
      'environment must be a name such as prod or dev',
    )
    .optional(),
  region: z
    .string()
    .regex(
      /^[a-z][a-z0-9]*$/,
      'region must be an Azure region name such as westeurope',
    )
    .optional(),
});

const overviewQuery = z
  .object({
    system: entityRefParam(
      'system',
      'system:default/commerce-platform',
    ).optional(),
    group: entityRefParam('group', 'group:default/checkout-team').optional(),
  })
  .strict();

/** The cost API (`/api/cost`); the shapes are plugins/cost-common/src/api.ts. */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  reports: CostReportService;
}): Promise<express.Router> {
  const { httpAuth, reports } = options;
  const router = Router();

  router.get('/v1/entities/:kind/:namespace/:name', async (req, res) => {
    const { kind, namespace, name } = req.params;
    res.json(
      await reports.entityReport(
        { kind, namespace, name },
        { credentials: await httpAuth.credentials(req) },
      ),
    );
  });

  router.get('/v1/overview', async (req, res) => {
    const filter = parseQuery(
      overviewQuery,
      req.query,
      'the overview takes system and group',
    );
    // Signed-in callers only; the overview itself is the same for all of them (see the service).
    await httpAuth.credentials(req);
    res.json(await reports.overview(filter));
  });

  router.get('/v1/estimates/:serviceKind', async (req, res) => {
    const query = estimateQuery.safeParse(req.query);
    if (!query.success) {
      throw new InputError(
        query.error.issues
          .map(issue => `${issue.path.join('.')}: ${issue.message}`)
          .join('; '),
      );
    }
    res.json(
      await reports.serviceKindEstimate({
        serviceKind: req.params.serviceKind,
        ...query.data,
      }),
    );
  });

  return router;
}
