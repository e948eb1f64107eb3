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
    // src/core is plain Node: it must never import vscode (plain Node logic, testable without VS Code).
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
