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
