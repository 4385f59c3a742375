import { ResponseError } from '@backstage/errors';

/**
 * The backend's own message when there is one ("the catalog did not answer…"), not the
 * generic "Request failed with 503", so a panel's title says what went wrong.
 */
export function reasonOf(error: Error): string {
  if (error instanceof ResponseError || error.name === 'ResponseError') {
    return (error as ResponseError).cause?.message || error.message;
  }
  return error.message;
}
