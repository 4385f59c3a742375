import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Publish a new repository, or update the same service’s repository through a pull request on a re-run',
    example: yaml.stringify({
      steps: [
        {
          id: 'repository-state',
          action: 'commerce:github:repository-state',
          name: 'Check the repository',
          input: {
            repoUrl: 'github.com?owner=commerce&repo=${{ parameters.name }}',
          },
        },
        {
          id: 'publish-github',
          if: "${{ steps['repository-state'].output.state === 'absent' }}",
          action: 'publish:github',
          input: {
            repoUrl: 'github.com?owner=commerce&repo=${{ parameters.name }}',
          },
        },
        {
          id: 'update-github',
          if: "${{ steps['repository-state'].output.state === 'same-service' }}",
          action: 'publish:github:pull-request',
          input: {
            repoUrl: 'github.com?owner=commerce&repo=${{ parameters.name }}',
            branchName: 'portal/update',
            title: 'Update from the Commerce Platform Portal',
            description: 'A re-run of the template',
            update: true,
          },
        },
      ],
    }),
  },
];
