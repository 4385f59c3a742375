import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Register a service just published to GitHub in the catalog (production)',
    example: yaml.stringify({
      steps: [
        {
          id: 'register',
          action: 'commerce:catalog:register',
          name: 'Register in the catalog',
          input: {
            repoContentsUrl:
              "${{ steps['publish-github'].output.repoContentsUrl }}",
            catalogInfoPath: '/catalog-info.yaml',
          },
        },
      ],
    }),
  },
  {
    description:
      'Register a service published from a folder of the workspace (publish:github with sourcePath)',
    example: yaml.stringify({
      steps: [
        {
          id: 'register',
          action: 'commerce:catalog:register',
          name: 'Register in the catalog',
          input: {
            repoContentsUrl: "${{ steps['publish'].output.repoContentsUrl }}",
            catalogInfoPath: '/catalog-info.yaml',
            // The same folder the publish step published: its catalog-info.yaml must be the
            // published one.
            sourcePath: 'order-service',
          },
        },
      ],
    }),
  },
];
