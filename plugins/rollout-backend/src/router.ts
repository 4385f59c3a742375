import type { HttpAuthService } from '@backstage/backend-plugin-api';
import express from 'express';
import Router from 'express-promise-router';
import type { RolloutPolicyService } from './services/RolloutPolicyService';

/** The rollout backend's REST API (`/api/rollout`); the contract is in @internal/plugin-rollout-common. */
export async function createRouter(options: {
  httpAuth: HttpAuthService;
  rolloutPolicy: RolloutPolicyService;
}): Promise<express.Router> {
  const { httpAuth, rolloutPolicy } = options;
  const router = Router();

  router.get('/v1/entities/:kind/:namespace/:name', async (req, res) => {
    const { kind, namespace, name } = req.params;
    // The caller's credentials, so the catalog's permissions decide which entities they may see.
    const report = await rolloutPolicy.getEntityRolloutReport(
      { kind, namespace, name },
      { credentials: await httpAuth.credentials(req) },
    );
    res.json(report);
  });

  return router;
}
