import { InputError, NotFoundError } from '@backstage/errors';
import { explainOpenApiInputErrors } from './openApiInputErrors';

const spec = {
  components: {
    parameters: {
      name: {
        name: 'name',
        in: 'path',
        description: "the entity's metadata.name, e.g. order-service",
      },
    },
  },
};
const operation = {
  parameters: [
    { $ref: '#/components/parameters/name' },
    { name: 'days', in: 'query', description: 'a whole number from 1 to 90' },
    { name: 'slo', in: 'query' },
  ],
};

/** What the handler passes on for `error` on a request matched to `operation`. */
function explained(error: unknown, matched: object | undefined = operation) {
  let passed: unknown;
  explainOpenApiInputErrors(spec)(
    error,
    matched ? { openapi: { schema: matched } } : {},
    {},
    e => {
      passed = e;
    },
  );
  return passed;
}

const messageOf = (validatorMessage: string) =>
  (explained(new InputError(validatorMessage)) as Error).message;

describe('explainOpenApiInputErrors', () => {
  it('names the parameter and ends with its description, $refs resolved', () => {
    expect(messageOf('request/query/days must be <= 90')).toBe(
      'query parameter days must be <= 90 (days: a whole number from 1 to 90)',
    );
    expect(messageOf('request/params/name must match pattern "^x$"')).toBe(
      `path parameter name must match pattern "^x$" (name: the entity's metadata.name, e.g. order-service)`,
    );
  });

  it('says which parameter is missing, and every problem when there are several', () => {
    expect(
      messageOf(
        "request/query must have required property 'days', request/query/slo must be string",
      ),
    ).toBe(
      'query parameter days is required (days: a whole number from 1 to 90); query parameter slo must be string',
    );
  });

  it('lists the query parameters an operation takes for an unknown one', () => {
    expect(messageOf("Unknown query parameter 'owner'")).toBe(
      'unknown query parameter "owner"; this request takes days and slo',
    );
    expect(
      (
        explained(new InputError("Unknown query parameter 'x'"), {
          parameters: [],
        }) as Error
      ).message,
    ).toBe(
      'unknown query parameter "x"; this request takes no query parameters',
    );
  });

  it('explains empty values, unencoded reserved characters and malformed escapes', () => {
    expect(messageOf("Empty value found for query parameter 'slo'")).toBe(
      'query parameter slo is empty',
    );
    expect(
      messageOf(
        "Parameter 'days' must be url encoded. Its value may not contain reserved characters.",
      ),
    ).toMatch(
      /^query parameter days holds a reserved character .* encodeURIComponent/,
    );
    expect(
      (explained(new InputError("malformed uri'"), undefined) as Error).message,
    ).toMatch(/^the path is not a valid URL: a % in it must start an escape/);
  });

  it('keeps a message it does not know, and passes other errors on unchanged', () => {
    expect(messageOf('request/body must be object')).toBe(
      'request body must be object',
    );
    expect(messageOf('Unsupported Content-Type x')).toBe(
      'Unsupported Content-Type x',
    );
    const notFound = new NotFoundError('gone');
    expect(explained(notFound)).toBe(notFound);
    const result = explained(
      new InputError('request/query/days must be <= 90'),
    );
    expect(result).toBeInstanceOf(InputError);
  });
});
