import type { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import express from 'express';
import Router from 'express-promise-router';
import { z } from 'zod';
import { MAX_HISTORY_DAYS, type SloReportService } from './services/SloReports';

const entityParams = z.object({
  kind: z.string().min(1),
  namespace: z.string().min(1),
  name: z.string().min(1),
});

const daysParam = z
  .string({ invalid_type_error: 'days must be given once' })
  .regex(
    /^\d+$/,
    `days must be a whole number of days from 1 to ${MAX_HISTORY_DAYS}, e.g. days=28`,
  )
  .transform(Number)
  .refine(
    days => days >= 1 && days <= MAX_HISTORY_DAYS,
    `days must be from 1 to ${MAX_HISTORY_DAYS}`,
  )
  .optional();

const historyQuery = z.object({
  slo: z
    .string({
      required_error:
        'slo is required: name the objective (metadata.name in the OpenSLO file), e.g. ?slo=order-service-availability',
      invalid_type_error: 'slo must be given once',
    })
    .min(
      1,
      'slo is empty: name the objective, e.g. ?slo=order-service-availability',
    ),
  days: daysParam,
});

const historiesQuery = z.object({ days: daysParam });

function parse<T>(
  schema: z.ZodType<T, z.ZodTypeDef, unknown>,
  input: unknown,
  what: string,
): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw new InputError(
      `Invalid ${what}: ${parsed.error.issues
        .map(issue => issue.message)
        .join('; ')}`,
    );
  }
  return parsed.data;
}

/** The SLO API: `/v1/entities/:kind/:namespace/:name`, its `/history` and `/histories`. */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  sloReports: SloReportService;
}): Promise<express.Router> {
  const { httpAuth, sloReports } = options;
  const router = Router();

  router.get('/v1/entities/:kind/:namespace/:name', async (req, res) => {
    const entityRef = parse(entityParams, req.params, 'entity reference');
    const credentials = await httpAuth.credentials(req);
    res.json(await sloReports.getReport(entityRef, { credentials }));
  });

  router.get(
    '/v1/entities/:kind/:namespace/:name/history',
    async (req, res) => {
      const entityRef = parse(entityParams, req.params, 'entity reference');
      const { slo, days } = parse(historyQuery, req.query, 'history request');
      const credentials = await httpAuth.credentials(req);
      res.json(
        await sloReports.getHistory(entityRef, { slo, days }, { credentials }),
      );
    },
  );

  // Every objective's history at once: the SLO tab shows them all.
  router.get(
    '/v1/entities/:kind/:namespace/:name/histories',
    async (req, res) => {
      const entityRef = parse(entityParams, req.params, 'entity reference');
      const { days } = parse(historiesQuery, req.query, 'history request');
      const credentials = await httpAuth.credentials(req);
      res.json(
        await sloReports.getHistories(entityRef, { days }, { credentials }),
      );
    },
  );

  return router;
}
