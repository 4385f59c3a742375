import type {
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  entityRefOfKind,
  createCommerceApiRouter,
} from '@internal/plugin-catalog-files-node';
import {
  type AvailabilityLink,
  type OwnershipRow,
  type SloAchievability,
  platformReviewRefreshPermission,
} from '@internal/plugin-platform-review-common';
import express from 'express';
import { spec } from './schema/openapi.generated';
import type { ReviewSnapshotService } from './services/ReviewSnapshot';

/** The review's System and team filters, as normalised entity refs. */
function filtersOf(query: { system?: string; team?: string }): {
  system?: string;
  team?: string;
} {
  const { system, team } = query;
  return {
    ...(system !== undefined && {
      system: entityRefOfKind(
        'system',
        system,
        'system',
        'system:default/commerce-platform',
      ),
    }),
    ...(team !== undefined && {
      team: entityRefOfKind(
        'team',
        team,
        'group',
        'group:default/checkout-team',
      ),
    }),
  };
}

/**
 * The platform review's REST API (`/api/platform-review`); the contract, and the checks of every
 * parameter, are src/schema/openapi.yaml (served at `/api/platform-review/openapi.json`), the
 * shapes are -common's api.ts.
 */

/**
 * A paged list's query as the snapshot takes it: the filters as entity refs, the rest of the
 * (document-checked) parameters as given — offset, limit, orderBy, order, search and any the
 * list adds (status, behind).
 */
function pageQueryOf<Q extends { system?: string; team?: string }>(
  query: Q,
): Omit<Q, 'system' | 'team'> & { system?: string; team?: string } {
  const { system: _system, team: _team, ...rest } = query;
  return { ...rest, ...filtersOf(query) };
}

export async function createRouter(options: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  snapshot: ReviewSnapshotService;
}): Promise<express.Router> {
  const { httpAuth, permissions, snapshot } = options;
  const router = createCommerceApiRouter(spec);

  router.get('/v1/review', async (req, res) => {
    const filters = filtersOf(req.query);
    const review = await snapshot.getReviewResponse(filters);
    res.set({
      ETag: review.etag,
      // Revalidate every time: the answer changes with each refresh.
      'Cache-Control': 'no-cache',
      Vary: 'Accept-Encoding',
    });
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    res.type('application/json');
    // Already serialized (and compressed) once per snapshot, so the bytes are sent as they are
    // (res.end: the typed res.send takes the review object); the compression middleware leaves
    // an encoded body.
    const gzip = req.acceptsEncodings('gzip') === 'gzip';
    if (gzip) res.set('Content-Encoding', 'gzip');
    const body = gzip ? await review.gzip() : await review.json();
    res.set('Content-Length', String(body.length)).end(body);
  });

  router.get('/v1/review/summary', async (req, res) => {
    res.json(await snapshot.getReviewSummary(filtersOf(req.query)));
  });

  // The page's long lists, a page at a time; the document checks every parameter (offset,
  // limit 1–500, order asc|desc, orderBy per list, search up to 200 characters).
  router.get('/v1/review/ownership', async (req, res) => {
    const page = await snapshot.getOwnershipPage(pageQueryOf(req.query));
    // The rows' API lists are read-only (shared with the analyses); JSON does not mind.
    res.json({
      ...page,
      items: page.items as (OwnershipRow & {
        providesApis: string[];
        consumesApis: string[];
      })[],
    });
  });

  router.get('/v1/review/findings', async (req, res) => {
    res.json(await snapshot.getFindingsPage(pageQueryOf(req.query)));
  });

  router.get('/v1/review/slo', async (req, res) => {
    const page = await snapshot.getSloPage(pageQueryOf(req.query));
    // The rows' lists are read-only (shared with the analyses); JSON does not mind.
    res.json({
      ...page,
      items: page.items as (SloAchievability & {
        chain: AvailabilityLink[];
        softDependencies: string[];
      })[],
    });
  });

  router.get('/v1/review/drift', async (req, res) => {
    res.json(await snapshot.getDriftPage(pageQueryOf(req.query)));
  });

  router.get('/v1/review/decisions', async (req, res) => {
    res.json(await snapshot.getDecisionsPage(pageQueryOf(req.query)));
  });

  router.get('/v1/decisions', async (_req, res) => {
    res.json(await snapshot.getDecisions());
  });

  router.get(
    '/v1/entities/:kind/:namespace/:name/decisions',
    async (req, res) => {
      // The document's patterns keep ":" and "/" out of each part, so the ref reads back as
      // these three parts (the catalog client would otherwise look up another entity, or fail).
      const entityRef = stringifyEntityRef(req.params);
      res.json(
        await snapshot.getEntityDecisions(entityRef, {
          credentials: await httpAuth.credentials(req),
        }),
      );
    },
  );

  router.get(
    '/v1/entities/:kind/:namespace/:name/decisions/:file',
    async (req, res) => {
      const { file, ...entity } = req.params;
      // The document's pattern keeps the file name to one name in the folder (no "/", no
      // leading "."), and the record is looked up in the snapshot, never read from a path.
      res.json(
        await snapshot.getDecisionRecord(stringifyEntityRef(entity), file, {
          credentials: await httpAuth.credentials(req),
        }),
      );
    },
  );

  router.get(
    '/v1/entities/:kind/:namespace/:name/findings',
    async (req, res) => {
      res.json(
        await snapshot.getEntityFindings(stringifyEntityRef(req.params), {
          credentials: await httpAuth.credentials(req),
        }),
      );
    },
  );

  // Triggers the scheduler's task that builds the review and answers when a build started after
  // the request has stored its snapshot, so a caller can read the review right after, from any
  // replica.
  //
  // Guarded by a permission (the commerce policy: platform team only) rather than coalesced in
  // a time window: the platform team refreshes to see a change it just made (a service
  // registered, a decision merged), which a window would hide; everyone else reads the snapshot
  // the schedule rebuilds (platformReview.refreshInterval). Refreshes asked for while one runs
  // already share one build after it (ReviewSnapshotReader.awaitBuild), and the scheduler runs
  // one at a time, so even the platform team's loop runs at most one build at a time.
  router.post('/v1/refresh', async (req, res) => {
    const credentials = await httpAuth.credentials(req);
    const [decision] = await permissions.authorize(
      [{ permission: platformReviewRefreshPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        'Only the platform team may rebuild the platform review now: each rebuild reads every service repository and spends the GitHub App’s rate limit. The review rebuilds itself every few minutes; ask the platform team if you need it sooner.',
      );
    }
    res.json(await snapshot.refresh());
  });

  return router;
}
