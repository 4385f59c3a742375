export interface Config {
  /** Settings of the Commerce Platform Portal's own app modules. */
  portal?: {
    signIn?: {
      /**
       * Sign-in providers offered on the sign-in page, in order. `guest` is for local use
       * (the backend refuses it outside NODE_ENV=development); `microsoft` is Entra ID.
       * Defaults to `[guest]`.
       * @visibility frontend
       */
      providers?: Array<'guest' | 'microsoft'>;
    };
  };
}
