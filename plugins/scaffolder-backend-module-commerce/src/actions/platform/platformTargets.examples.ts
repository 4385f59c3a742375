import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Pick the publish step by configuration: local git by default, GitHub in production',
    example: yaml.stringify({
      steps: [
        { id: 'targets', action: 'commerce:platform:targets', name: 'Targets' },
        {
          id: 'publish-local',
          if: "${{ steps.targets.output.publishTarget === 'local' }}",
          action: 'commerce:publish:local',
          name: 'Publish locally',
          input: { name: '${{ parameters.name }}' },
        },
        {
          id: 'publish-github',
          if: "${{ steps.targets.output.publishTarget === 'github' }}",
          action: 'publish:github',
          name: 'Publish to GitHub',
          input: {
            repoUrl:
              '${{ steps.targets.output.githubHost }}?owner=${{ steps.targets.output.githubOwner }}&repo=${{ parameters.name }}',
          },
        },
      ],
    }),
  },
];
