/** Small builders for the OpenAPI fragments every kind writes. */

/** JSON content whose schema is a component of the document. */
export const jsonContent = (schemaName: string) => ({
  'application/json': {
    schema: { $ref: `#/components/schemas/${schemaName}` },
  },
});

/** An error response: the common Error schema every service answers with. */
export const problem = (description: string) => ({
  description,
  content: jsonContent('Error'),
});

/**
 * The app role that may change the catalog and the price book (an Entra app role, delivered in
 * the token's `roles` claim).
 */
export const catalogAdminRole = 'Catalog.Admin';

/**
 * App roles of order-service's operations for payment-service (checkout): read any customer's
 * order to charge exactly its total, and report payment outcomes. Assigned to payment-service's
 * workload identity only, never to people.
 */
export const orderReadAllRole = 'Orders.Read.All';
export const orderPaymentStatusWriteRole = 'Orders.PaymentStatus.Write';

/**
 * An operation anyone may call without a token (`security: []` overrides the document's
 * bearerAuth). The gateway's SecurityPolicy and the service both read this one declaration.
 */
export const anonymous = { security: [] as never[] };

/**
 * An operation that needs one of the given app roles (any of them), besides a valid token. The
 * blueprint documents its 401 and 403 answers (composeOpenApi).
 */
export const requiresRoles = (...roles: string[]) => ({
  'x-required-roles': roles,
});
