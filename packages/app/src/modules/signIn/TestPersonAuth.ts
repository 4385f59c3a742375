import {
  BackstageIdentityApi,
  BackstageIdentityResponse,
  createApiRef,
  DiscoveryApi,
  ProfileInfo,
  ProfileInfoApi,
  SessionApi,
  SessionState,
} from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import type { Observable, Observer, Subscription } from '@backstage/types';

/**
 * The request header naming the catalog User to sign in as; the backend's test-person provider
 * (plugins/auth-backend-module-test-people-provider, `TEST_PERSON_HEADER`) reads it.
 */
export const TEST_PERSON_HEADER = 'x-portal-test-person';

/** Where the chosen person is remembered, so a reload signs the same person in again. */
export const TEST_PERSON_STORAGE_KEY = 'portal:sign-in:test-person';

/** The test-person sign-in: an auth API the stock SignInPage offers like any provider. */
export type TestPersonAuthApi = ProfileInfoApi &
  BackstageIdentityApi &
  SessionApi & {
    /**
     * Someone waiting to be told who to sign in as: set while the sign-in page's "Sign in"
     * waits for a person to be picked, undefined otherwise. Emits on every change.
     */
    personRequest$(): Observable<PersonRequest | undefined>;
  };

/** A pending "who do you want to sign in as?" question from the sign-in card. */
export type PersonRequest = {
  /** Signs in as the named catalog User; rejects with the backend's reason (e.g. not found). */
  signInAs(name: string): Promise<void>;
  /** Gives up: the sign-in card reports that no person was chosen. */
  cancel(): void;
};

/** @public */
export const testPersonAuthApiRef = createApiRef<TestPersonAuthApi>({
  id: 'portal.auth.test-person',
});

type Session = {
  profile: ProfileInfo;
  identity: BackstageIdentityResponse;
};

/** A token is refreshed this long before it expires, as the stock proxied sign-in does. */
const EXPIRY_MARGIN_MS = 5 * 60 * 1000;

/** Observable of the latest value: every subscriber gets the current one first. */
class Latest<T> {
  private readonly observers = new Set<Observer<T>>();
  constructor(private value: T) {}

  next(value: T) {
    this.value = value;
    this.observers.forEach(o => o.next?.(value));
  }

  observable(): Observable<T> {
    const subscribe = (
      observerOrNext?: Observer<T> | ((value: T) => void),
    ): Subscription => {
      const observer: Observer<T> =
        typeof observerOrNext === 'function'
          ? { next: observerOrNext }
          : observerOrNext ?? {};
      this.observers.add(observer);
      observer.next?.(this.value);
      let closed = false;
      return {
        get closed() {
          return closed;
        },
        unsubscribe: () => {
          closed = true;
          this.observers.delete(observer);
        },
      };
    };
    const observable: Observable<T> = {
      [Symbol.observable]: () => observable,
      subscribe,
    };
    return observable;
  }
}

function expiryOf(token: string): Date | undefined {
  try {
    const payload = JSON.parse(
      window.atob(token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')),
    );
    return typeof payload.exp === 'number'
      ? new Date(payload.exp * 1000)
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Signs in as a catalog User through the backend's `test-person` provider (development only):
 * `GET /api/auth/test-person/refresh` with the User's name in the `x-portal-test-person`
 * header, the way the stock ProxiedSignInPage calls a proxy provider. Who to sign in as is
 * asked through {@link TestPersonAuthApi.personRequest$} (the sign-in page shows a picker) and
 * remembered in local storage, so reloading the page keeps the person; signing out forgets them.
 */
export class TestPersonAuth implements TestPersonAuthApi {
  private session?: Session;
  private readonly state = new Latest<SessionState>(SessionState.SignedOut);
  private readonly request = new Latest<PersonRequest | undefined>(undefined);

  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      storage?: Storage;
      fetch?: typeof fetch;
    },
  ) {}

  private get storage(): Storage {
    return this.options.storage ?? window.localStorage;
  }

  async getBackstageIdentity(
    options: { optional?: boolean; instantPopup?: boolean } = {},
  ): Promise<BackstageIdentityResponse | undefined> {
    const session = await this.getSession(options);
    return session?.identity;
  }

  async getProfile(
    options: { optional?: boolean; instantPopup?: boolean } = {},
  ): Promise<ProfileInfo | undefined> {
    const session = await this.getSession(options);
    return session?.profile;
  }

  async signIn(): Promise<void> {
    await this.getSession({});
  }

  async signOut(): Promise<void> {
    this.session = undefined;
    this.storage.removeItem(TEST_PERSON_STORAGE_KEY);
    this.state.next(SessionState.SignedOut);
  }

  sessionState$(): Observable<SessionState> {
    return this.state.observable();
  }

  personRequest$(): Observable<PersonRequest | undefined> {
    return this.request.observable();
  }

  private async getSession(options: {
    optional?: boolean;
  }): Promise<Session | undefined> {
    const expiresAt = this.session?.identity.expiresAt;
    if (
      this.session &&
      (!expiresAt || Date.now() < expiresAt.getTime() - EXPIRY_MARGIN_MS)
    ) {
      return this.session;
    }
    const remembered = this.storage.getItem(TEST_PERSON_STORAGE_KEY);
    if (remembered) {
      return this.fetchSession(remembered);
    }
    if (options.optional) {
      return undefined;
    }
    return this.askForPerson();
  }

  /** Waits until the sign-in page's picker signs someone in, or is cancelled. */
  private askForPerson(): Promise<Session> {
    return new Promise((resolve, reject) => {
      this.request.next({
        signInAs: async name => {
          const session = await this.fetchSession(name);
          this.request.next(undefined);
          resolve(session);
        },
        cancel: () => {
          this.request.next(undefined);
          reject(
            new Error(
              'No test person was chosen: pick a User from catalog/org.yaml, e.g. amara.okafor.',
            ),
          );
        },
      });
    });
  }

  private async fetchSession(name: string): Promise<Session> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('auth');
    const doFetch = this.options.fetch ?? fetch;
    const response = await doFetch(`${baseUrl}/test-person/refresh`, {
      headers: {
        [TEST_PERSON_HEADER]: name,
        'X-Requested-With': 'XMLHttpRequest',
      },
      credentials: 'include',
    });
    if (!response.ok) {
      // A refusal forgets the person, so the next reload shows the sign-in page again.
      this.storage.removeItem(TEST_PERSON_STORAGE_KEY);
      throw await ResponseError.fromResponse(response);
    }
    const body = await response.json();
    const token: string = body.backstageIdentity.token;
    this.session = {
      profile: body.profile ?? {},
      identity: {
        token,
        expiresAt: expiryOf(token),
        identity: body.backstageIdentity.identity,
      },
    };
    this.storage.setItem(TEST_PERSON_STORAGE_KEY, name);
    this.state.next(SessionState.SignedIn);
    return this.session;
  }
}
