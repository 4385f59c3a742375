import type { TemplateExample } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';

export const examples: TemplateExample[] = [
  {
    description:
      'Create a GitHub environment with the stock action, then set its variables (created, updated or left as they are, so a re-run succeeds)',
    example: yaml.stringify({
      steps: [
        {
          id: 'environment-dev',
          action: 'github:environment:create',
          name: 'Create the environment dev',
          input: {
            repoUrl: 'github.com?owner=commerce&repo=${{ parameters.name }}',
            name: 'dev',
            deploymentBranchPolicy: {
              protected_branches: true,
              custom_branch_policies: false,
            },
          },
        },
        {
          id: 'environment-dev-variables',
          action: 'commerce:github:environment-variables',
          name: 'Set the variables of dev',
          input: {
            repoUrl: 'github.com?owner=commerce&repo=${{ parameters.name }}',
            environment: 'dev',
            variables: {
              AZURE_CLIENT_ID:
                '${{ steps.delivery.output.outputs.DEPLOY_CLIENT_ID }}',
              AZURE_RESOURCE_GROUP: 'rg-${{ parameters.name }}-dev',
            },
          },
        },
      ],
    }),
  },
];
