/**
 * Reads the git repositories the local platform run publishes, through file:// URLs confined to
 * their folder.
 *
 * @packageDocumentation
 */
import { createServiceFactory } from '@backstage/backend-plugin-api';
import {
  type ReaderFactory,
  urlReaderFactoriesServiceRef,
} from '@backstage/backend-defaults/urlReader';
import { LocalRepositoryUrlReader } from './LocalRepositoryUrlReader';
import {
  localRepositoriesDirectory,
  publishesLocally,
} from './localRepositories';

export { LocalRepositoryUrlReader } from './LocalRepositoryUrlReader';
export {
  localRepositoriesDirectory,
  publishesLocally,
} from './localRepositories';

/** The reader for the backend's UrlReaders: none unless the portal publishes locally. */
export const localRepositoriesReaderFactory: ReaderFactory = ({
  config,
  treeResponseFactory,
}) => {
  if (!publishesLocally(config)) return [];
  const reader = new LocalRepositoryUrlReader(
    localRepositoriesDirectory(config),
    treeResponseFactory,
  );
  return [{ reader, predicate: (url: URL) => reader.handles(url) }];
};

/** Adds the local repositories reader to the backend's URL readers. */
export default createServiceFactory({
  service: urlReaderFactoriesServiceRef,
  deps: {},
  async factory() {
    return localRepositoriesReaderFactory;
  },
});
