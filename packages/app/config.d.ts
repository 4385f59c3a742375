export interface Config {
  /** Settings of the Commerce Platform Portal's own app modules. */
  portal?: {
    signIn?: {
      /**
       * Sign-in providers offered on the sign-in page, in order. `guest` is for local use
       * (the backend refuses it outside NODE_ENV=development); `test-person` signs in as a
       * chosen catalog User (local only too: the backend's test-person provider answers only
       * on a development backend); `microsoft` is Entra ID. Defaults to `[guest]`.
       * @visibility frontend
       */
      providers?: Array<'guest' | 'microsoft' | 'test-person'>;
    };
  };
}
