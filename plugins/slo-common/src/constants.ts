/**
 * The catalog annotation naming the service's OpenSLO file, relative to its catalog-info.yaml,
 * e.g. `openslo.yaml`. Read by the SLO card, the rollout card (its thresholds are held to the
 * objectives) and the platform review (SLO achievability).
 *
 * @public
 */
export const SLO_FILE_ANNOTATION = 'commerce.platform/slo-file';

/**
 * The catalog annotation holding the uid of the service's SLO dashboard in Grafana, e.g.
 * `slo-order-service`. The blueprint writes it into catalog-info.yaml with the same uid it gives
 * prod's environments/prod/grafana-dashboard.yaml (dev's has a uid of its own); the SLO card
 * links to `<slo.grafana.baseUrl>/d/<uid>`.
 *
 * @public
 */
export const GRAFANA_DASHBOARD_UID_ANNOTATION =
  'commerce.platform/grafana-dashboard-uid';
