import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import { navModule } from './modules/nav';
import { homeModule } from './modules/home';
import { signInModule } from './modules/signIn';
import { scaffolderModule } from './modules/scaffolder';

// Every plugin in package.json is discovered (app.packages: all); these are the app's own modules.
export default createApp({
  features: [
    catalogPlugin,
    navModule,
    homeModule,
    signInModule,
    scaffolderModule,
  ],
});
