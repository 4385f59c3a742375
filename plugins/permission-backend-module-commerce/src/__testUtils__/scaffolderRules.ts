import type { PermissionRule } from '@backstage/plugin-permission-node';

/*
 * The scaffolder's permission rules as its documentation states them, for evaluating the
 * policy's conditional decisions in unit tests: @backstage/plugin-scaffolder-backend exports
 * the condition factories but not the rules themselves. The integration test
 * (permissions.integration.test.ts) runs the same decisions through the real scaffolder.
 */

/** What `scaffolder.action.execute` is decided on: a step's action and rendered input. */
export type ActionResource = {
  action: string;
  input: Record<string, unknown> | undefined;
};

/** The value at a dotted path such as `tags.owner`. */
function valueAt(input: unknown, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>(
      (value, key) =>
        value && typeof value === 'object'
          ? (value as Record<string, unknown>)[key]
          : undefined,
      input,
    );
}
/** What the template read permissions are decided on: a parameter page or a step. */
export type TemplatePartResource = {
  'backstage:permissions'?: { tags?: string[] };
};
/** What the task permissions are decided on. */
export type TaskResource = { createdBy?: string };

export const scaffolderActionRules: PermissionRule<
  ActionResource,
  unknown,
  'scaffolder-action',
  any
>[] = [
  {
    name: 'HAS_ACTION_ID',
    description: 'the step runs the action with the given id',
    resourceType: 'scaffolder-action',
    apply: (resource, { actionId }) => resource.action === actionId,
    toQuery: () => ({}),
  },
  {
    name: 'HAS_STRING_PROPERTY',
    description:
      'the input property at the given path is a string, equal to value when one is given',
    resourceType: 'scaffolder-action',
    apply: (resource, { key, value }) => {
      const found = valueAt(resource.input, key);
      return (
        typeof found === 'string' && (value === undefined || found === value)
      );
    },
    toQuery: () => ({}),
  },
];

export const scaffolderTemplateRules: PermissionRule<
  TemplatePartResource,
  unknown,
  'scaffolder-template',
  any
>[] = [
  {
    name: 'HAS_TAG',
    description: 'the parameter page or step carries the tag',
    resourceType: 'scaffolder-template',
    apply: (resource, { tag }) =>
      resource['backstage:permissions']?.tags?.includes(tag) ?? false,
    toQuery: () => ({}),
  },
];

export const scaffolderTaskRules: PermissionRule<
  TaskResource,
  unknown,
  'scaffolder-task',
  any
>[] = [
  {
    name: 'IS_TASK_OWNER',
    description: 'the task was created by one of the given users',
    resourceType: 'scaffolder-task',
    apply: (resource, { createdBy }) =>
      !!resource.createdBy && createdBy.includes(resource.createdBy),
    toQuery: () => ({}),
  },
];
