// ESLint flat config. Kept under test/lint so the repository's top level stays as the brief fixes it;
// `npm run lint` passes it with -c.
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.test-artifacts/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'CallExpression[callee.name="setTimeout"][arguments.length=2][arguments.0.type="Identifier"][arguments.0.name="resolve"]',
          message: 'No fixed sleeps: wait for a condition.',
        },
      ],
    },
  },
  {
    // src/core is plain Node: it must never import vscode (testable without VS Code).
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'vscode',
              message:
                'src/core must not import vscode; put vscode code in src/platform, src/views, src/commands or src/language.',
            },
          ],
        },
      ],
    },
  },
  ...[
    ['src/core/schema/**/*.ts', ['../checks/*']],
    ['src/core/yaml/**/*.ts', ['../checks/*', '../schema/*']],
  ].map(([files, group]) => ({
    // Inside src/core, one direction only: checks -> schema -> yaml (no import cycles between them).
    files: [files],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'vscode', message: 'src/core must not import vscode.' }],
          patterns: [{ group, message: 'src/core depends one way: checks -> schema -> yaml.' }],
        },
      ],
    },
  })),
  {
    // Only the connection service reads kubeconfig files and loads the client bundle; views, the log
    // followers, commands and language features get the cluster from it.
    files: ['src/views/**/*.ts', 'src/follow/**/*.ts', 'src/commands/**/*.ts', 'src/language/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/k8s/load', '**/k8s/kubeconfig', '**/k8s/kube/*', '**/core/kubeconfig-paths'],
              message: 'Ask the ClusterConnection (src/connection) for the client, context and namespace instead.',
            },
          ],
        },
      ],
    },
  },
  {
    // Programs are spawned with argument arrays, never through a shell.
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'child_process', property: 'exec', message: 'Use spawn/execFile with an argument array.' },
        { object: 'cp', property: 'exec', message: 'Use spawn/execFile with an argument array.' },
      ],
    },
  },
);
