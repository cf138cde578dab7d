// ESLint 9 flat config: typescript-eslint's recommended rules and React's rules of hooks.
// Formatting is Prettier's job (npm run format), not the linter's.
import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

// CommonJS files (configs, function fixtures) run in Node; listed here rather than pulling in `globals`.
const node = Object.fromEntries(
  [
    'require',
    'module',
    'exports',
    '__dirname',
    '__filename',
    'process',
    'console',
    'Buffer',
    'setTimeout',
    'clearTimeout',
    'setInterval',
    'clearInterval',
    'Promise',
  ].map((name) => [name, 'readonly']),
)

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'bench-results/', 'test-results/', '.localcloud/', '.swc/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    // `total += await write()` inside concurrent jobs reads `total` before the wait and loses what the jobs
    // beside it added (re-pairing once reported one moved request of two under load); tests run in order
    files: ['cloudfunctions/**/*.ts', 'localcloud/**/*.ts', 'src/**/*.{ts,tsx}', 'scripts/**/*.ts', 'bench/**/*.ts'],
    rules: { 'require-atomic-updates': ['error', { allowProperties: true }] },
  },
  {
    // Taro's H5 build writes `disabled="false"` and its stylesheet greys out any `disabled` attribute:
    // a button that is on would look off. offWhen passes the attribute only when the button is off.
    files: ['src/**/*.tsx'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "JSXAttribute[name.name='disabled'] > JSXExpressionContainer > :not(CallExpression[callee.name='offWhen'], Literal[value=true])",
          message: 'Write disabled={offWhen(…)} (src/components/Form): Taro H5 styles disabled="false" as disabled.',
        },
      ],
    },
  },
  {
    files: ['**/*.{js,cjs}'],
    languageOptions: { sourceType: 'commonjs', globals: node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
)
