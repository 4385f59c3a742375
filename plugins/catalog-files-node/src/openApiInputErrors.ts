import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import { InputError } from '@backstage/errors';

/** The parts of an OpenAPI document this module reads. */
interface ParameterObject {
  name: string;
  in: string;
  description?: string;
}
type MaybeRef<T> = T | { $ref: string };
interface OperationObject {
  parameters?: readonly MaybeRef<ParameterObject>[];
}

/**
 * The parts of an OpenAPI 3.1 document this module reads: the local `$ref`s of parameters.
 *
 * @public
 */
export interface OpenApiDocumentWithParameters {
  components?: { parameters?: Record<string, unknown> };
}

/** What express-openapi-validator puts on a request it matched to an operation. */
interface OpenApiRequest {
  openapi?: { schema?: OperationObject };
}

const LOCATIONS: Record<string, string> = {
  query: 'query parameter',
  params: 'path parameter',
  headers: 'header',
};

function resolve(
  spec: OpenApiDocumentWithParameters,
  parameter: MaybeRef<ParameterObject>,
): ParameterObject | undefined {
  if (!('$ref' in parameter)) return parameter;
  const name = parameter.$ref.replace(/^#\/components\/parameters\//, '');
  return spec.components?.parameters?.[name] as ParameterObject | undefined;
}

function list(names: string[]): string {
  return names.length <= 1
    ? names.join('')
    : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

/**
 * One of the validator's problems ("request/query/days must be <= 90") in words a caller can
 * act on: the parameter, what was wrong, and the parameter's description from the document
 * (which says what to send, with an example).
 */
function explainProblem(
  problem: string,
  parameters: ParameterObject[],
): string {
  const described = (where: string, name: string, text: string) => {
    const parameter = parameters.find(
      p => p.name === name && (p.in === 'path' ? 'params' : p.in) === where,
    );
    const label = `${LOCATIONS[where] ?? where} ${name}`;
    return parameter?.description
      ? `${label} ${text} (${name}: ${parameter.description.trim()})`
      : `${label} ${text}`;
  };
  const unknown = /^Unknown query parameter '(.*)'$/.exec(problem);
  if (unknown) {
    const accepted = parameters.filter(p => p.in === 'query').map(p => p.name);
    return `unknown query parameter "${unknown[1]}"; ${
      accepted.length
        ? `this request takes ${list(accepted)}`
        : 'this request takes no query parameters'
    }`;
  }
  const empty = /^Empty value found for query parameter '(.*)'$/.exec(problem);
  if (empty) return described('query', empty[1], 'is empty');
  const reserved = /^Parameter '(.*)' must be url encoded/.exec(problem);
  if (reserved) {
    return described(
      'query',
      reserved[1],
      'holds a reserved character (such as : / ? # &); encode the value with encodeURIComponent',
    );
  }
  if (problem === "malformed uri'") {
    return 'the path is not a valid URL: a % in it must start an escape such as %20; encode each part of an entity reference with encodeURIComponent';
  }
  const missing =
    /^request\/(query|params|headers) must have required property '(.*)'$/.exec(
      problem,
    );
  if (missing) return described(missing[1], missing[2], 'is required');
  const parameter = /^request\/(query|params|headers)\/([^/\s]+)\S* (.*)$/.exec(
    problem,
  );
  if (parameter) return described(parameter[1], parameter[2], parameter[3]);
  const body = /^request\/body(\S*) (.*)$/.exec(problem);
  if (body) return `request body${body[1] ? ` ${body[1]}` : ''} ${body[2]}`;
  return problem;
}

/**
 * An error handler for a router made by `createValidatedOpenApiRouter` from
 * `@backstage/backend-openapi-utils`, added right after it is made (so before the routes): the
 * validator's 400s ("request/query/days must be <= 90") become messages that name the parameter
 * and end with its description from the OpenAPI document, which says what to send, e.g.
 * `query parameter days must be <= 90 (days: a whole number of days from 1 to 90, e.g. days=28)`.
 * The document's descriptions thereby serve both the API's reader and the caller who got it
 * wrong. Any other error passes through unchanged.
 *
 * @public
 */
export function explainOpenApiInputErrors(
  spec: OpenApiDocumentWithParameters,
): (
  error: unknown,
  req: object,
  res: unknown,
  next: (error?: unknown) => void,
) => void {
  return (error, req, _res, next) => {
    if (!(error instanceof InputError)) {
      next(error);
      return;
    }
    // Unset when the path did not match an operation (e.g. a malformed escape in it).
    const parameters = (
      (req as OpenApiRequest).openapi?.schema?.parameters ?? []
    )
      .map(p => resolve(spec, p))
      .filter((p): p is ParameterObject => Boolean(p));
    // The validator joins its problems with ", "; each starts with "request/".
    const problems = error.message.split(/, (?=request\/)/);
    next(
      new InputError(
        problems.map(problem => explainProblem(problem, parameters)).join('; '),
      ),
    );
  };
}

/**
 * The `middleware` option of `createValidatedOpenApiRouter` for a router whose routes take no
 * body: in place of the default JSON body parser, which would refuse (or fail on) bodies that
 * these routes ignore. The option needs at least one handler, so this one passes the request on.
 *
 * @public
 */
export const IGNORE_REQUEST_BODIES = [
  (_req: object, _res: object, next: () => void) => next(),
];

/**
 * The router every commerce backend builds from its OpenAPI document: typed and validated by
 * `@backstage/backend-openapi-utils`, bodies ignored (no route takes one, so a body sent anyway
 * is not parsed as JSON), and the validator's messages rewritten by
 * {@link explainOpenApiInputErrors} to name the parameter and how to fix it.
 *
 * @public
 */
export function createCommerceApiRouter<
  Doc extends Parameters<typeof createValidatedOpenApiRouter>[0] &
    OpenApiDocumentWithParameters,
>(spec: Doc): ReturnType<typeof createValidatedOpenApiRouter<Doc>> {
  const router = createValidatedOpenApiRouter<Doc>(spec, {
    middleware: IGNORE_REQUEST_BODIES,
  });
  router.use(explainOpenApiInputErrors(spec));
  return router;
}
